import { sql } from 'kysely';
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

/** Operator settings a PATCH may change; absent fields stay as they are. */
export async function updateFeedSettings(db: Db, id: number, s: { intervalMinutes?: number; language?: string | null; tags?: string[]; active?: boolean }) {
  const set: Record<string, unknown> = {};
  if (s.intervalMinutes !== undefined) set.interval_minutes = s.intervalMinutes;
  if (s.language !== undefined) set.language = s.language;
  if (s.tags !== undefined) set.tags = s.tags;
  if (s.active !== undefined) set.active = s.active;
  if (Object.keys(set).length === 0) return getFeed(db, id);
  return db.updateTable('feeds').set({ ...set, updated_at: sql`now()` } as never).where('id', '=', id).returningAll().executeTakeFirst();
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
