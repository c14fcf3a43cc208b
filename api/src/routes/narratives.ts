import { Router } from 'express';
import { narrativeRepository } from '@narmon/shared/db';
import type { ApiDeps } from '../deps.js';

/** FOUNDATION VERSION of the narratives API; the analyst-API issue adds counts, versions, create/update/retire, learn. */
export function narrativesRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/', async (_req, res) => {
    const rows = await narrativeRepository.listCurrentFingerprints(deps.db);
    res.json({
      data: rows.map((n) => {
        const doc = n.document as { title?: Record<string, string>; languages?: Record<string, unknown>; tlp?: string; disarm?: string[] };
        return { id: n.id, version: n.version, status: n.status, title: doc.title ?? {}, languages: Object.keys(doc.languages ?? {}), tlp: doc.tlp, disarm: doc.disarm ?? [], updatedAt: n.updated_at };
      }),
    });
  });
  return r;
}
