import { Router } from 'express';
import { apiKeyCreateBodySchema, idParamsSchema } from '@narmon/schemas/api';
import { apiKeyRepository, auditRepository } from '@narmon/shared/db';
import type { ApiDeps } from '../deps.js';
import { HttpProblem } from '../http/problem.js';

type KeyRow = Awaited<ReturnType<typeof apiKeyRepository.listApiKeys>>[number];
const keyJson = (k: KeyRow) => ({
  id: k.id, name: k.name, role: k.role, organization: k.organization, prefix: k.prefix,
  createdAt: k.created_at, lastUsedAt: k.last_used_at, revokedAt: k.revoked_at,
});

/** /v1/keys (admin): the HTTP twin of `narmon keys`; audited. */
export function keysRouter(deps: ApiDeps): Router {
  const r = Router();
  const findKey = async (id: number) => (await apiKeyRepository.listApiKeys(deps.db)).find((k) => k.id === id);

  r.get('/', async (_req, res) => {
    res.json({ data: (await apiKeyRepository.listApiKeys(deps.db)).map(keyJson) });
  });

  r.post('/', async (req, res) => {
    const body = apiKeyCreateBodySchema.parse(req.body ?? {});
    const created = await apiKeyRepository.createApiKey(deps.db, body);
    await auditRepository.recordAudit(deps.db, {
      actorKeyId: req.principal!.keyId, actorName: req.principal!.name, action: 'key.create', targetType: 'api_key', targetId: String(created.id),
      details: { role: body.role, organization: body.organization ?? null, name: body.name },
    });
    res.status(201).json({ ...keyJson((await findKey(created.id))!), key: created.key });
  });

  r.delete('/:id', async (req, res) => {
    const { id } = idParamsSchema.parse(req.params);
    if (!(await apiKeyRepository.revokeApiKey(deps.db, id))) throw new HttpProblem(404, 'Not found', `no active key ${id}`);
    await auditRepository.recordAudit(deps.db, {
      actorKeyId: req.principal!.keyId, actorName: req.principal!.name, action: 'key.revoke', targetType: 'api_key', targetId: String(id),
    });
    res.json(keyJson((await findKey(id))!));
  });
  return r;
}
