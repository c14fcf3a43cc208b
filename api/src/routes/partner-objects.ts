import { Router } from 'express';
import { partnerObjectListQuerySchema } from '@narmon/schemas/api';
import { partnerObjectRepository } from '@narmon/shared/db';
import { ExchangeError, importPartnerNarrative } from '@narmon/shared/exchange';
import type { ApiDeps } from '../deps.js';
import { HttpProblem } from '../http/problem.js';

/** What partners sent over TAXII, with provenance and TLP, for analysts. */
export function partnerObjectsRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const q = partnerObjectListQuerySchema.parse(req.query);
    const rows = await partnerObjectRepository.listPartnerObjects(deps.db, {
      ...(q.type ? { type: q.type } : {}), ...(q.group ? { groupId: q.group } : {}), ...(q.source ? { sourceOrg: q.source } : {}),
      ...(q.status ? { status: q.status } : {}), limit: q.limit, ...(q.before ? { beforeId: q.before } : {}),
    });
    res.json({
      data: rows.map((o) => ({
        id: o.id, group: o.group_id, stixId: o.stix_id, type: o.type, version: o.version, tlp: o.tlp,
        source: { organization: o.source_org, key: o.source_key_name }, status: o.status,
        importedNarrative: o.imported_narrative_id, receivedAt: o.received_at, object: o.object,
      })),
      next: rows.length === q.limit ? rows[rows.length - 1]!.id : null,
    });
  });

  /** One call: a partner narrative becomes a draft fingerprint (terms seeded from its name, to be rewritten). */
  r.post('/:id/draft-fingerprint', async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || id < 1) throw new HttpProblem(404, 'Not found', 'no such partner object');
    try {
      const result = await importPartnerNarrative(deps.db, id, req.principal?.name ?? 'api');
      res.status(result.changed ? 201 : 200).json(result);
    } catch (err) {
      if (err instanceof ExchangeError) throw new HttpProblem(404, 'Not found', err.message);
      throw err;
    }
  });
  return r;
}
