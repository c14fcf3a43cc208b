import { Router } from 'express';
import { z } from 'zod';
import { flagRepository } from '@narmon/shared/db';
import type { ApiDeps } from '../deps.js';

const listQuery = z.object({
  narrative: z.string().max(80).optional(),
  language: z.string().regex(/^[a-z]{3}$/).optional(),
  feed: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** FOUNDATION VERSION of the flags API; the analyst-API issue adds filters, cursors, review and CSV. */
export function flagsRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const q = listQuery.parse(req.query);
    const rows = await flagRepository.listFlags(deps.db, { narrative: q.narrative, language: q.language, feedId: q.feed, limit: q.limit });
    res.json({
      data: rows.map((f) => ({
        id: f.id,
        narrative: f.narrative,
        version: f.version,
        score: f.score,
        status: f.status,
        flaggedAt: f.created_at,
        explanation: f.explanation,
        item: { id: f.item_id, title: f.title, link: f.link, language: f.language, languageConfidence: f.language_confidence, published: f.published_at },
        feed: { id: f.feed_id, url: f.feed_url, title: f.feed_title },
      })),
    });
  });
  return r;
}
