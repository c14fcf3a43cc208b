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
