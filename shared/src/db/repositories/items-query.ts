import type { Db } from '../index.js';
import { textSearchCondition } from './flags.js';

export interface ItemSearch {
  q?: string;
  language?: string;
  feedId?: number;
  since?: Date;
  until?: Date;
  limit?: number;
  /** Keyset: items with a smaller id than this (ids grow with ingest order). */
  beforeId?: number;
}

function itemSelect(db: Db) {
  return db.selectFrom('items as i')
    .innerJoin('feeds as fd', 'fd.id', 'i.feed_id')
    .select(['i.id', 'i.title', 'i.link', 'i.language', 'i.language_confidence', 'i.published_at', 'i.first_seen_at',
      'fd.id as feed_id', 'fd.url as feed_url', 'fd.title as feed_title']);
}

/** Items newest-ingested first, optionally full-text searched; returns the next page's `beforeId`. */
export async function searchItems(db: Db, s: ItemSearch) {
  const limit = Math.min(Math.max(s.limit ?? 50, 1), 500);
  let q = itemSelect(db);
  if (s.q) q = q.where(await textSearchCondition(db, s.q, s.language));
  if (s.language) q = q.where('i.language', '=', s.language);
  if (s.feedId !== undefined) q = q.where('i.feed_id', '=', s.feedId);
  if (s.since) q = q.where('i.first_seen_at', '>=', s.since);
  if (s.until) q = q.where('i.first_seen_at', '<', s.until);
  if (s.beforeId !== undefined) q = q.where('i.id', '<', s.beforeId);
  const rows = await q.orderBy('i.id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  return { rows: page, nextBeforeId: rows.length > limit ? page[page.length - 1]!.id : null };
}

export async function getItemDetail(db: Db, id: number) {
  return itemSelect(db).select(['i.text', 'i.date_inferred', 'i.runners_up']).where('i.id', '=', id).executeTakeFirst();
}
