import { Router } from 'express';
import { sql } from 'kysely';
import type { ApiDeps } from '../deps.js';

/** Liveness and readiness (database reachable); open without a key. */
export function healthRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => { res.json({ status: 'ok' }); });
  r.get('/readyz', async (_req, res) => {
    try {
      await sql`select 1`.execute(deps.db);
      res.json({ status: 'ok', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });
  return r;
}
