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
