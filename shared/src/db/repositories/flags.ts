import { sql } from 'kysely';
import type { Db } from '../index.js';
import type { FlagExplanation } from '../types.js';

export interface FlagRecord {
  itemId: number;
  narrativeId: string;
  narrativeVersion: number;
  score: number;
  explanation: FlagExplanation;
}

/** One flag per item x narrative version: a second analysis refreshes score and explanation, never duplicates. */
export async function upsertFlags(db: Db, flags: FlagRecord[]): Promise<number> {
  if (flags.length === 0) return 0;
  const rows = await db.insertInto('flags')
    .values(flags.map((f) => ({
      item_id: f.itemId,
      narrative_id: f.narrativeId,
      narrative_version: f.narrativeVersion,
      score: f.score,
      explanation: JSON.stringify(f.explanation),
    })))
    .onConflict((oc) => oc.columns(['item_id', 'narrative_id', 'narrative_version']).doUpdateSet((eb) => ({
      score: eb.ref('excluded.score'),
      explanation: eb.ref('excluded.explanation'),
    })))
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .execute();
  return rows.filter((r) => r.inserted).length;
}

export interface FlagListFilter {
  narrative?: string;
  language?: string;
  feedId?: number;
  limit?: number;
}

/** Flags with their item, feed and narrative, newest first. The analyst API deepens the filters. */
export async function listFlags(db: Db, filter: FlagListFilter = {}) {
  let q = db.selectFrom('flags as f')
    .innerJoin('items as i', 'i.id', 'f.item_id')
    .innerJoin('feeds as fd', 'fd.id', 'i.feed_id')
    .select([
      'f.id', 'f.narrative_id as narrative', 'f.narrative_version as version', 'f.score', 'f.status', 'f.explanation', 'f.created_at',
      'i.id as item_id', 'i.title', 'i.link', 'i.language', 'i.language_confidence', 'i.published_at',
      'fd.id as feed_id', 'fd.url as feed_url', 'fd.title as feed_title',
    ])
    .orderBy('f.id', 'desc')
    .limit(Math.min(filter.limit ?? 100, 500));
  if (filter.narrative) q = q.where('f.narrative_id', '=', filter.narrative);
  if (filter.language) q = q.where('i.language', '=', filter.language);
  if (filter.feedId !== undefined) q = q.where('i.feed_id', '=', filter.feedId);
  return q.execute();
}
