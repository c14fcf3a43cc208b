import { Router } from 'express';
import { idParamsSchema, itemSearchQuerySchema } from '@narmon/schemas/api';
import { flagRepository, itemQueryRepository } from '@narmon/shared/db';
import type { ApiDeps } from '../deps.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../http/cursor.js';
import { HttpProblem } from '../http/problem.js';

type ItemRow = Awaited<ReturnType<typeof itemQueryRepository.searchItems>>['rows'][number];

const itemJson = (i: ItemRow) => ({
  id: i.id, title: i.title, link: i.link, language: i.language, languageConfidence: i.language_confidence,
  published: i.published_at, firstSeen: i.first_seen_at, feed: { id: i.feed_id, url: i.feed_url, title: i.feed_title },
});

/** /v1/items: search, and one item with every flag and runner-up. */
export function itemsRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const q = itemSearchQuerySchema.parse(req.query);
    let beforeId: number | undefined;
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      if (!Number.isSafeInteger(c.b) || (c.b as number) < 1) throw invalidCursor();
      beforeId = c.b as number;
    }
    const { rows, nextBeforeId } = await itemQueryRepository.searchItems(deps.db, {
      q: q.q, language: q.language, feedId: q.feed, since: q.since, until: q.until, limit: q.limit, beforeId,
    });
    res.json({ data: rows.map(itemJson), nextCursor: nextBeforeId ? encodeCursor({ b: nextBeforeId }) : null });
  });

  r.get('/:id', async (req, res) => {
    const { id } = idParamsSchema.parse(req.params);
    const item = await itemQueryRepository.getItemDetail(deps.db, id);
    if (!item) throw new HttpProblem(404, 'Not found', `no item ${id}`);
    const [flags, seenIn] = await Promise.all([flagRepository.flagsOfItem(deps.db, id), itemQueryRepository.feedsOfItem(deps.db, id)]);
    res.json({
      ...itemJson(item),
      text: item.text,
      seenIn: seenIn.map((f) => ({ id: f.id, url: f.url, title: f.title, firstSeen: f.first_seen_at, lastSeen: f.last_seen_at })),
      dateInferred: item.date_inferred,
      flags: flags.map((f) => ({ id: f.id, narrative: f.narrative, version: f.version, score: f.score, status: f.status, flaggedAt: f.created_at, explanation: f.explanation })),
      runnersUp: item.runners_up ?? [],
    });
  });
  return r;
}
