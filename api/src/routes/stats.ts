import { Router } from 'express';
import { statsQuerySchema } from '@narmon/schemas/api';
import { statsRepository } from '@narmon/shared/db';
import type { ApiDeps } from '../deps.js';

/** /v1/stats: items and flags per day and language over the last `days`, and feed health. */
export function statsRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const q = statsQuerySchema.parse(req.query);
    const now = deps.now?.() ?? new Date();
    const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (q.days - 1)));
    const s = await statsRepository.overviewStats(deps.db, since);
    res.json({
      since,
      days: s.days,
      languages: s.languages,
      feeds: s.feeds.map((f) => ({
        id: f.id, url: f.url, title: f.title, active: f.active, lastFetchedAt: f.last_fetched_at, lastStatus: f.last_status, items: f.items, flags: f.flags,
      })),
    });
  });
  return r;
}
