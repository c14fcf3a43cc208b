import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../index.js';
import { textSearchCondition } from './flags.js';

export interface ItemSearch {
  q?: string;
  language?: string;
  /** Items of this feed, and items it carried as a sighting of another feed's story. */
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

/** Id windows below the cursor, newest first: 4k ids, 4x wider each step, at most 64k ids each. */
const FIRST_WINDOW = 4096;
const WINDOW_GROWTH = 4;
const MAX_WINDOW = 65_536;

/**
 * Items newest-ingested first, optionally full-text searched; returns the next page's `beforeId`.
 *
 * With a filter, one `ORDER BY id DESC LIMIT n` lets PostgreSQL walk the primary key backwards
 * testing every row, which passes hundreds of thousands of rows when the matches are old or
 * clustered; collecting every match first (GIN bitmap) costs as much when they are common. So
 * the search walks bounded id windows backwards, newest first, each a MATERIALIZED CTE of every
 * match in the window (GIN/trigram bitmaps ANDed with the id range, or the range itself for a
 * common term), and stops once a page is full: a window costs at most its 64k ids whatever the
 * data order, and realistic (interleaved) data fills a page from the first one.
 */
export async function searchItems(db: Db, s: ItemSearch) {
  const limit = Math.min(Math.max(s.limit ?? 50, 1), 500);
  const conditions: Array<Expression<SqlBool>> = [];
  if (s.q) conditions.push(await textSearchCondition(db, s.q, s.language));
  if (s.language) conditions.push(sql<SqlBool>`i.language = ${s.language}`);
  if (s.feedId !== undefined) {
    conditions.push(sql<SqlBool>`(i.feed_id = ${s.feedId} or i.id in (select c.item_id from item_cross_feeds c where c.feed_id = ${s.feedId}))`);
  }
  if (s.since) conditions.push(sql<SqlBool>`i.first_seen_at >= ${s.since}`);
  if (s.until) conditions.push(sql<SqlBool>`i.first_seen_at < ${s.until}`);

  let ids: number[];
  if (conditions.length === 0) {
    let q = db.selectFrom('items').select('id').orderBy('id', 'desc').limit(limit + 1);
    if (s.beforeId !== undefined) q = q.where('id', '<', s.beforeId);
    ids = (await q.execute()).map((r) => r.id);
  } else {
    ids = [];
    let hi = s.beforeId ?? (await db.selectFrom('items').select(sql<number | null>`max(id) + 1`.as('top')).executeTakeFirstOrThrow()).top ?? 0;
    for (let width = FIRST_WINDOW; hi > 0 && ids.length <= limit; width = Math.min(width * WINDOW_GROWTH, MAX_WINDOW)) {
      const lo = Math.max(0, hi - width);
      // MATERIALIZED: the planner may not turn the window back into one long pk walk with a LIMIT.
      const found = await sql<{ id: number }>`
        with w as materialized (
          select i.id from items i where ${sql.join(conditions, sql` and `)} and i.id >= ${lo} and i.id < ${hi}
        )
        select id from w order by id desc limit ${limit + 1 - ids.length}`.execute(db);
      ids.push(...found.rows.map((r) => Number(r.id)));
      hi = lo;
    }
  }
  const rows = ids.length === 0 ? [] : await itemSelect(db).where('i.id', 'in', ids.slice(0, limit)).orderBy('i.id', 'desc').execute();
  return { rows, nextBeforeId: ids.length > limit ? rows[rows.length - 1]!.id : null };
}

export async function getItemDetail(db: Db, id: number) {
  return itemSelect(db).select(['i.text', 'i.date_inferred', 'i.runners_up']).where('i.id', '=', id).executeTakeFirst();
}

/** Every feed that carried the item: its own feed (also when no sighting was recorded) and every sighting's, first seen first. */
export async function feedsOfItem(db: Db, id: number) {
  const rows = await sql<{ id: number; url: string; title: string | null; first_seen_at: Date; last_seen_at: Date }>`
    select fd.id, fd.url, fd.title, min(x.first_seen_at) as first_seen_at, max(x.last_seen_at) as last_seen_at
    from (
      select feed_id, first_seen_at, last_seen_at from items where id = ${id}
      union all
      select feed_id, first_seen_at, last_seen_at from item_sightings where item_id = ${id}
    ) x join feeds fd on fd.id = x.feed_id
    group by fd.id, fd.url, fd.title
    order by 4, 1`.execute(db);
  return rows.rows;
}
