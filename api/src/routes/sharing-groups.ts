import { Router } from 'express';
import { sharingGroupCreateBodySchema, sharingGroupMemberBodySchema, sharingGroupPublishBodySchema } from '@narmon/schemas/api';
import { sharingGroupRepository } from '@narmon/shared/db';
import { ExchangeError, instanceIdentity, publishNarrativeToGroup } from '@narmon/shared/exchange';
import type { ApiDeps } from '../deps.js';
import { HttpProblem } from '../http/problem.js';

function toProblem(err: unknown): never {
  if (err instanceof ExchangeError) {
    const status = err.code === 'unknown-group' || err.code === 'unknown-narrative' ? 404 : 422;
    throw new HttpProblem(status, status === 404 ? 'Not found' : 'Cannot publish', err.message);
  }
  throw err;
}

/** Sharing groups (TAXII collections), their members and publishing: for analysts and admins. */
export function sharingGroupsRouter(deps: ApiDeps): Router {
  const r = Router();
  const view = (g: sharingGroupRepository.SharingGroup) => ({
    id: g.id, collectionId: g.collectionId, title: g.title, description: g.description, maxTlp: g.maxTlp, members: g.members, createdAt: g.createdAt,
  });

  r.get('/', async (_req, res) => {
    res.json({ data: (await sharingGroupRepository.listSharingGroups(deps.db)).map(view) });
  });

  r.post('/', async (req, res) => {
    const input = sharingGroupCreateBodySchema.parse(req.body);
    const existing = await sharingGroupRepository.findSharingGroup(deps.db, input.id);
    if (existing) throw new HttpProblem(409, 'Conflict', `sharing group "${input.id}" exists`);
    res.status(201).json(view(await sharingGroupRepository.createSharingGroup(deps.db, input)));
  });

  r.get('/:id', async (req, res) => {
    const g = await sharingGroupRepository.findSharingGroup(deps.db, String(req.params.id));
    if (!g) throw new HttpProblem(404, 'Not found', `no sharing group "${String(req.params.id)}"`);
    res.json(view(g));
  });

  r.put('/:id/members/:organization', async (req, res) => {
    const g = await sharingGroupRepository.findSharingGroup(deps.db, String(req.params.id));
    if (!g) throw new HttpProblem(404, 'Not found', `no sharing group "${String(req.params.id)}"`);
    const { clearance } = sharingGroupMemberBodySchema.parse(req.body);
    await sharingGroupRepository.upsertMember(deps.db, g.id, { organization: String(req.params.organization), clearance });
    res.json(view((await sharingGroupRepository.findSharingGroup(deps.db, g.id))!));
  });

  r.delete('/:id/members/:organization', async (req, res) => {
    const removed = await sharingGroupRepository.removeMember(deps.db, String(req.params.id), String(req.params.organization));
    if (!removed) throw new HttpProblem(404, 'Not found', 'no such member');
    res.status(204).end();
  });

  r.post('/:id/publish', async (req, res) => {
    const input = sharingGroupPublishBodySchema.parse(req.body);
    const identity = await instanceIdentity(deps.db, deps.config);
    const result = await publishNarrativeToGroup(deps.db, {
      groupId: String(req.params.id), narrativeId: input.narrative, includeConfirmedFlags: input.includeConfirmedFlags,
      flagsOnly: input.flagsOnly, recipientOrganization: input.recipient ?? null, publishedBy: req.principal?.name ?? 'api', identity,
    }).catch(toProblem);
    res.status(result.added.length ? 201 : 200).json({
      group: result.groupId, collectionId: result.collectionId, tlp: result.tlp, reportId: result.reportId ?? null,
      added: result.added.length, unchanged: result.unchanged.length, countsByType: result.countsByType,
    });
  });
  return r;
}
