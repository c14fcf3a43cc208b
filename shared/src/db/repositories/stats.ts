import { sql } from 'kysely';
import type { Db } from '../index.js';

export type TrendBucket = 'hour' | 'day' | 'week';

/**
 * Flags of one narrative per time bucket (UTC), split by language and by feed. Empty buckets
 * are filled in by the caller. Served by the (narrative_id, created_at|item_published_at) indexes.
 */
export async function narrativeTrend(db: Db, input: { narrative: string; bucket: TrendBucket; since: Date; until: Date; timeField: 'flagged' | 'published' }) {
  const col = sql.ref(input.timeField === 'published' ? 'item_published_at' : 'created_at');
  const bucket = sql`date_trunc(${input.bucket}, ${col} at time zone 'UTC')`;
  const rows = await sql<{ start: string; language: string; feed_id: number; n: number }>`
    select to_char(${bucket}, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as start, item_language as language, feed_id, count(*)::int as n
    from flags
    where narrative_id = ${input.narrative} and ${col} >= ${input.since} and ${col} < ${input.until}
    group by 1, 2, 3
    order by 1`.execute(db);
  return rows.rows;
}

/**
 * Items and flags per day and per language since a UTC day, and every feed's health and volume,
 * read from the trigger-kept daily roll-ups (migration 0310): a few thousand small rows instead of
 * every item of the period. `since` counts from the start of its UTC day.
 */
export async function overviewStats(db: Db, since: Date) {
  const day = since.toISOString().slice(0, 10);
  const days = await sql<{ day: string; items: number; flags: number }>`
    with d as (select day, sum(items)::int as items from item_daily_counts where day >= ${day}::date group by 1 having sum(items) <> 0),
         f as (select day, sum(flags)::int as flags from flag_daily_counts where day >= ${day}::date group by 1 having sum(flags) <> 0)
    select to_char(coalesce(d.day, f.day), 'YYYY-MM-DD') as day, coalesce(d.items, 0) as items, coalesce(f.flags, 0) as flags
    from d full join f on f.day = d.day order by 1`.execute(db);
  const languages = await sql<{ language: string; items: number; flags: number }>`
    with d as (select language, sum(items)::int as items from item_daily_counts where day >= ${day}::date group by 1 having sum(items) <> 0),
         f as (select language, sum(flags)::int as flags from flag_daily_counts where day >= ${day}::date group by 1 having sum(flags) <> 0)
    select coalesce(d.language, f.language) as language, coalesce(d.items, 0) as items, coalesce(f.flags, 0) as flags
    from d full join f on f.language = d.language order by 2 desc, 1`.execute(db);
  const feeds = await sql<{ id: number; url: string; title: string | null; active: boolean; last_fetched_at: Date | null; last_status: string | null; items: number; flags: number }>`
    select fd.id, fd.url, fd.title, fd.active, fd.last_fetched_at, fd.last_status,
           coalesce(ic.items, 0) as items, coalesce(fc.flags, 0) as flags
    from feeds fd
    left join (select feed_id, sum(items)::int as items from item_daily_counts where day >= ${day}::date group by 1) ic on ic.feed_id = fd.id
    left join (select feed_id, sum(flags)::int as flags from flag_daily_counts where day >= ${day}::date group by 1) fc on fc.feed_id = fd.id
    order by fd.id`.execute(db);
  return { days: days.rows, languages: languages.rows, feeds: feeds.rows };
}
