import { sql } from 'kysely';
import type { Db } from '../index.js';
import type { RunnerUp } from '../types.js';

export interface ItemRecord {
  feedId: number;
  identityKey: string;
  guid: string | null;
  link: string | null;
  title: string;
  text: string;
  html: string | null;
  published: Date | null;
  dateInferred: boolean;
  language: string;
  languageConfidence: number;
  runnersUp: RunnerUp[];
  canonicalUrl?: string | null;
  contentHash?: string | null;
}

/**
 * Inserts an item or refreshes it when the feed shows it again (feed + identity key is the
 * natural key). Returns the id and whether the row is new.
 */
export async function upsertItem(db: Db, r: ItemRecord): Promise<{ id: number; inserted: boolean }> {
  const row = await db.insertInto('items')
    .values({
      feed_id: r.feedId,
      identity_key: r.identityKey,
      guid: r.guid,
      link: r.link,
      title: r.title,
      text: r.text,
      html: r.html,
      published_at: r.published,
      date_inferred: r.dateInferred,
      language: r.language,
      language_confidence: r.languageConfidence,
      runners_up: JSON.stringify(r.runnersUp),
      canonical_url: r.canonicalUrl ?? null,
      content_hash: r.contentHash ?? null,
    })
    .onConflict((oc) => oc.columns(['feed_id', 'identity_key']).doUpdateSet((eb) => ({
      title: eb.ref('excluded.title'),
      text: eb.ref('excluded.text'),
      html: eb.ref('excluded.html'),
      link: eb.ref('excluded.link'),
      // An inferred date never overwrites a real one.
      published_at: sql`case when excluded.date_inferred then items.published_at else excluded.published_at end`,
      date_inferred: sql`items.date_inferred and excluded.date_inferred`,
      language: eb.ref('excluded.language'),
      language_confidence: eb.ref('excluded.language_confidence'),
      runners_up: eb.ref('excluded.runners_up'),
      canonical_url: sql`coalesce(excluded.canonical_url, items.canonical_url)`,
      content_hash: sql`coalesce(excluded.content_hash, items.content_hash)`,
      last_seen_at: sql`now()`,
    })))
    // xmax = 0 only for a freshly inserted row.
    .returning(['id', sql<boolean>`(xmax = 0)`.as('inserted')])
    .executeTakeFirstOrThrow();
  return { id: row.id, inserted: row.inserted };
}

export async function getItem(db: Db, id: number) {
  return db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The item a feed already showed under this identity, if any. */
export async function findSighting(db: Db, feedId: number, identityKey: string) {
  return db.selectFrom('item_sightings').select(['item_id']).where('feed_id', '=', feedId).where('identity_key', '=', identityKey).executeTakeFirst();
}

/** An item of any feed that is the same story: same canonical URL, or (no URL) same content hash. */
export async function findStory(db: Db, key: { canonicalUrl: string | null; contentHash: string }) {
  let q = db.selectFrom('items').select(['id', 'feed_id']).orderBy('id').limit(1);
  q = key.canonicalUrl ? q.where('canonical_url', '=', key.canonicalUrl) : q.where('content_hash', '=', key.contentHash).where('canonical_url', 'is', null);
  return q.executeTakeFirst();
}

/** Records (or refreshes) that a feed showed an item under a feed-local identity. */
export async function upsertSighting(db: Db, feedId: number, identityKey: string, itemId: number): Promise<void> {
  await db.insertInto('item_sightings').values({ feed_id: feedId, identity_key: identityKey, item_id: itemId })
    .onConflict((oc) => oc.columns(['feed_id', 'identity_key']).doUpdateSet({ last_seen_at: sql`now()` }))
    .execute();
}

export async function listSightings(db: Db, itemId: number) {
  return db.selectFrom('item_sightings').selectAll().where('item_id', '=', itemId).orderBy('first_seen_at').execute();
}
