import { sql, type RawBuilder } from 'kysely';
import type { FeedDefinition } from '@narmon/schemas';
import type { Db } from '../index.js';

export type FeedRow = Awaited<ReturnType<typeof getFeed>> & {};

/** Adds a feed or updates its declared settings; the URL is its natural key. */
export async function upsertFeed(db: Db, def: FeedDefinition, defaultIntervalMinutes = 60) {
  return db.insertInto('feeds')
    .values({
      url: def.url,
      title: def.title ?? null,
      language: def.language ?? null,
      declared_language: null,
      tags: def.tags ?? [],
      interval_minutes: def.intervalMinutes ?? defaultIntervalMinutes,
      interval_pinned: def.intervalPinned ?? false,
      etag: null,
      last_modified: null,
      last_fetched_at: null,
      last_status: null,
    })
    .onConflict((oc) => oc.column('url').doUpdateSet((eb) => ({
      title: sql`coalesce(${eb.ref('excluded.title')}, feeds.title)`,
      language: sql`coalesce(${eb.ref('excluded.language')}, feeds.language)`,
      tags: eb.ref('excluded.tags'),
      interval_minutes: def.intervalMinutes !== undefined ? eb.ref('excluded.interval_minutes') : eb.ref('feeds.interval_minutes'),
      interval_pinned: def.intervalPinned !== undefined ? eb.ref('excluded.interval_pinned') : eb.ref('feeds.interval_pinned'),
      ...(def.intervalMinutes !== undefined || def.intervalPinned === true
        ? pinnedScheduleNow(
          def.intervalMinutes !== undefined ? sql`excluded.interval_minutes` : sql`feeds.interval_minutes`,
          def.intervalPinned !== undefined ? sql`excluded.interval_pinned` : sql`feeds.interval_pinned`,
        )
        : {}),
      active: true,
      updated_at: sql`now()`,
    })))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function getFeed(db: Db, id: number) {
  return db.selectFrom('feeds').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listFeeds(db: Db, options: { activeOnly?: boolean } = {}) {
  let q = db.selectFrom('feeds').selectAll().orderBy('id');
  if (options.activeOnly) q = q.where('active', '=', true);
  return q.execute();
}

/** Records what the last fetch learned: validators for conditional GET, the feed's own title and language. */
export async function recordFeedFetch(db: Db, id: number, r: {
  status: string;
  etag?: string | null;
  lastModified?: string | null;
  title?: string | null;
  declaredLanguage?: string | null;
  at: Date;
}) {
  await db.updateTable('feeds')
    .set((eb) => ({
      last_status: r.status,
      last_fetched_at: r.at,
      etag: r.etag === undefined ? eb.ref('etag') : r.etag,
      last_modified: r.lastModified === undefined ? eb.ref('last_modified') : r.lastModified,
      title: sql`coalesce(feeds.title, ${r.title ?? null})`,
      declared_language: r.declaredLanguage === undefined ? eb.ref('declared_language') : r.declaredLanguage,
      updated_at: sql`now()`,
    }))
    .where('id', '=', id)
    .execute();
}

/**
 * Operator settings a PATCH may change; absent fields stay as they are. A pinned interval that is
 * set or changed takes over the schedule at once (no later than one interval from now), instead of
 * waiting for the next poll to pick it up.
 */
export async function updateFeedSettings(db: Db, id: number, s: { intervalMinutes?: number; intervalPinned?: boolean; language?: string | null; tags?: string[]; active?: boolean }) {
  const set: Record<string, unknown> = {};
  if (s.intervalMinutes !== undefined) set.interval_minutes = s.intervalMinutes;
  if (s.intervalPinned !== undefined) set.interval_pinned = s.intervalPinned;
  if (s.intervalMinutes !== undefined || s.intervalPinned === true) {
    Object.assign(set, pinnedScheduleNow(
      s.intervalMinutes !== undefined ? sql`${s.intervalMinutes}::integer` : sql`feeds.interval_minutes`,
      s.intervalPinned !== undefined ? sql`${s.intervalPinned}::boolean` : sql`feeds.interval_pinned`,
    ));
  }
  if (s.language !== undefined) set.language = s.language;
  if (s.tags !== undefined) set.tags = s.tags;
  if (s.active !== undefined) set.active = s.active;
  if (Object.keys(set).length === 0) return getFeed(db, id);
  return db.updateTable('feeds').set({ ...set, updated_at: sql`now()` } as never).where('id', '=', id).returningAll().executeTakeFirst();
}

/**
 * The schedule columns when an operator sets or pins an interval: a pinned interval takes over at
 * once (the next poll no later than one interval from now; the workers' resync applies it), an
 * adaptive feed keeps its schedule. `minutes` and `pinned` are the row's values after the update.
 */
function pinnedScheduleNow(minutes: RawBuilder<unknown>, pinned: RawBuilder<unknown>) {
  return {
    next_interval_ms: sql<number | null>`case when ${pinned} then ${minutes} * 60000 else feeds.next_interval_ms end`,
    next_poll_at: sql<Date | null>`case when ${pinned} then least(coalesce(feeds.next_poll_at, now()), now() + ${minutes} * interval '1 minute') else feeds.next_poll_at end`,
  };
}

export async function getFeedByUrl(db: Db, url: string) {
  return db.selectFrom('feeds').selectAll().where('url', '=', url).executeTakeFirst();
}

/** What one poll taught the scheduler and the health view; never deletes a failing feed. */
export async function recordPollState(db: Db, id: number, s: {
  at: Date;
  status: string;
  httpStatus?: number | null;
  success: boolean;
  unconditional?: boolean;
  etag?: string | null;
  lastModified?: string | null;
  title?: string | null;
  declaredLanguage?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  failureWeight: number;
  consecutiveFailures: number;
  newItemsPerHour: number | null;
  nextIntervalMs: number;
}) {
  await db.updateTable('feeds')
    .set((eb) => ({
      last_status: s.status,
      last_fetched_at: s.at,
      last_http_status: s.httpStatus ?? null,
      etag: s.etag === undefined ? eb.ref('etag') : s.etag,
      last_modified: s.lastModified === undefined ? eb.ref('last_modified') : s.lastModified,
      title: sql`coalesce(feeds.title, ${s.title ?? null})`,
      declared_language: s.declaredLanguage === undefined ? eb.ref('declared_language') : s.declaredLanguage,
      last_success_at: s.success ? s.at : eb.ref('last_success_at'),
      last_unconditional_at: s.unconditional ? s.at : eb.ref('last_unconditional_at'),
      last_error_code: s.success ? null : (s.errorCode ?? null),
      last_error_message: s.success ? null : (s.errorMessage?.slice(0, 1000) ?? null),
      failure_weight: s.failureWeight,
      consecutive_failures: s.consecutiveFailures,
      new_items_per_hour: s.newItemsPerHour,
      next_interval_ms: s.nextIntervalMs,
      next_poll_at: new Date(s.at.getTime() + s.nextIntervalMs),
      updated_at: sql`now()`,
    }))
    .where('id', '=', id)
    .execute();
}
