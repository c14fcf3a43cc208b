import { sql } from 'kysely';
import type { Db } from '../index.js';
import type { FlagExplanation } from '../types.js';
import { SEARCH_CONFIG_BY_LANGUAGE } from '../search-configs.js';

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

// ---------------------------------------------------------------------------------------------
// Analyst queries: filters, keyset pagination, review with audit trail.

export type FlagStatus = 'new' | 'confirmed' | 'dismissed';
export type FlagSort = 'flagged' | 'published' | 'score';

export interface FlagQuery {
  narrative?: string;
  language?: string;
  feedId?: number;
  status?: FlagStatus;
  minScore?: number;
  since?: Date;
  until?: Date;
  /** Which time since/until bound. */
  timeField?: 'flagged' | 'published';
  /** Full-text search over the item's title and text. */
  q?: string;
  sort?: FlagSort;
  order?: 'asc' | 'desc';
  limit?: number;
  /** The position after which the page starts (from the previous page's `next`). */
  after?: FlagCursor;
}

/** A keyset position: the sort value of the last row (timestamps as ISO text with microseconds) and its id. */
export interface FlagCursor { value: string | number; id: number }

const SORT_COLUMN = { flagged: 'f.created_at', published: 'f.item_published_at', score: 'f.score' } as const;
// Microsecond ISO text: JS Dates would drop microseconds and make keyset pages skip or repeat rows.
const isoMicros = (col: string) => sql<string>`to_char(${sql.ref(col)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function flagSelect(db: Db) {
  return db.selectFrom('flags as f')
    .innerJoin('items as i', 'i.id', 'f.item_id')
    .innerJoin('feeds as fd', 'fd.id', 'f.feed_id')
    .select([
      'f.id', 'f.narrative_id as narrative', 'f.narrative_version as version', 'f.score', 'f.status', 'f.explanation', 'f.created_at',
      'f.reviewed_at', 'f.reviewed_by', 'f.review_note', 'f.item_published_at',
      'i.id as item_id', 'i.title', 'i.link', 'i.language', 'i.language_confidence',
      'fd.id as feed_id', 'fd.url as feed_url', 'fd.title as feed_title',
    ]);
}

export type FlagRow = Awaited<ReturnType<ReturnType<typeof flagSelect>['executeTakeFirstOrThrow']>>;

/**
 * One page of flags matching every given filter, in (sort value, id) order, and the cursor of
 * the next page. Keyset pagination: flags that arrive meanwhile never shift later pages.
 */
export async function queryFlags(db: Db, query: FlagQuery): Promise<{ rows: FlagRow[]; next: FlagCursor | null }> {
  const sort = query.sort ?? 'flagged';
  const order = query.order ?? 'desc';
  const limit = Math.min(Math.max(query.limit ?? 100, 1), 1000);
  const col = SORT_COLUMN[sort];
  const searchCondition = query.q ? await textSearchCondition(db, query.q, query.language) : undefined;
  const page = (feed?: { id: number; via: 'own' | 'sighting' }) => {
    let q = flagSelect(db).select(sort === 'score' ? sql<string>`f.score::text`.as('sort_value') : isoMicros(col).as('sort_value'));
    if (query.narrative) q = q.where('f.narrative_id', '=', query.narrative);
    if (query.language) q = q.where('f.item_language', '=', query.language);
    if (feed?.via === 'own') q = q.where('f.feed_id', '=', feed.id);
    if (feed?.via === 'sighting') {
      q = q.where('f.feed_id', '<>', feed.id)
        .where('f.item_id', 'in', (eb) => eb.selectFrom('item_cross_feeds').select('item_id').where('feed_id', '=', feed.id));
    }
    if (query.status) q = q.where('f.status', '=', query.status);
    if (query.minScore !== undefined) q = q.where('f.score', '>=', query.minScore);
    const timeCol = query.timeField === 'published' ? 'f.item_published_at' : 'f.created_at';
    if (query.since) q = q.where(timeCol, '>=', query.since);
    if (query.until) q = q.where(timeCol, '<', query.until);
    if (searchCondition) q = q.where(searchCondition);
    if (query.after) {
      const v = sort === 'score' ? sql`${Number(query.after.value)}::real` : sql`${String(query.after.value)}::timestamptz`;
      q = q.where(sql<boolean>`(${sql.ref(col)}, f.id) ${sql.raw(order === 'desc' ? '<' : '>')} (${v}, ${query.after.id}::bigint)`);
    }
    return q.orderBy(col, order).orderBy('f.id', order).limit(limit + 1).execute();
  };
  let rows: Awaited<ReturnType<typeof page>>;
  if (query.feedId === undefined) {
    rows = await page();
  } else {
    // A feed's flags are its own items' (one index range) plus the stories it carried as a
    // sighting of another feed's item (few): two keyset pages merged, instead of an OR no index serves.
    const [own, seen] = await Promise.all([page({ id: query.feedId, via: 'own' }), page({ id: query.feedId, via: 'sighting' })]);
    const dir = order === 'desc' ? -1 : 1;
    const key = (r: (typeof own)[number]) => (sort === 'score' ? Number(r.sort_value) : r.sort_value);
    rows = [...own, ...seen].sort((a, b) => {
      const ka = key(a); const kb = key(b);
      return (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id) * dir;
    }).slice(0, limit + 1);
  }
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  const next = rows.length > limit && last ? { value: sort === 'score' ? Number(last.sort_value) : last.sort_value, id: last.id } : null;
  return { rows: pageRows, next };
}

export async function getFlag(db: Db, id: number): Promise<FlagRow | undefined> {
  return flagSelect(db).where('f.id', '=', id).executeTakeFirst();
}

export interface Reviewer { keyId: number | null; name: string }

/** Sets a flag's review status and note, and appends the change to the audit log, in one transaction. */
export async function reviewFlag(db: Db, id: number, review: { status: FlagStatus; note?: string }, by: Reviewer): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('flags').select(['status', 'review_note']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) return false;
    const note = review.note === undefined ? before.review_note : review.note;
    await trx.updateTable('flags')
      .set({ status: review.status, review_note: note, reviewed_at: sql`now()`, reviewed_by: by.name, reviewed_by_key_id: by.keyId })
      .where('id', '=', id).execute();
    await trx.insertInto('audit_log').values({
      actor_key_id: by.keyId, actor_name: by.name, action: 'flag.review', target_type: 'flag', target_id: String(id),
      details: JSON.stringify({ from: before.status, to: review.status, ...(review.note !== undefined ? { note: review.note } : {}) }),
    }).execute();
    return true;
  });
}

/** Every flag of one item (any narrative version), highest score first. */
export async function flagsOfItem(db: Db, itemId: number) {
  return db.selectFrom('flags')
    .select(['id', 'narrative_id as narrative', 'narrative_version as version', 'score', 'status', 'explanation', 'created_at'])
    .where('item_id', '=', itemId).orderBy('score', 'desc').orderBy('id').execute();
}

const configCache = new WeakMap<Db, Promise<{ configs: Set<string>; trigram: boolean }>>();

/** Which text-search configurations and whether title trigrams exist on this server (asked once per pool). */
function searchCapabilities(db: Db) {
  let p = configCache.get(db);
  if (!p) {
    p = (async () => {
      const cfg = await sql<{ cfgname: string }>`select cfgname from pg_ts_config`.execute(db);
      const trgm = await sql<{ n: number }>`select count(*)::int as n from pg_indexes where indexname = 'items_title_trgm_idx'`.execute(db);
      return { configs: new Set(cfg.rows.map((r) => r.cfgname)), trigram: (trgm.rows[0]?.n ?? 0) > 0 };
    })();
    p.catch(() => configCache.delete(db));
    configCache.set(db, p);
  }
  return p;
}

/**
 * Full-text condition on items `i`: the query is analysed with the configuration of each
 * language documents were indexed with (one language when filtered, else all, OR-ed), so
 * stemmed English and Russian documents and 'simple' ones all match; where no stemmer fits,
 * a title substring match (trigram-indexed) catches inflected forms.
 */
export async function textSearchCondition(db: Db, text: string, language?: string) {
  const caps = await searchCapabilities(db);
  const configs = new Set<string>();
  if (language) {
    const cfg = SEARCH_CONFIG_BY_LANGUAGE[language];
    configs.add(cfg && caps.configs.has(cfg) ? cfg : 'simple');
  } else {
    configs.add('simple');
    for (const cfg of Object.values(SEARCH_CONFIG_BY_LANGUAGE)) if (caps.configs.has(cfg)) configs.add(cfg);
  }
  // The per-configuration queries mostly repeat one another ('sanction' from a dozen stemmers):
  // OR-ed as they are, the planner multiplies the repeats into a selectivity near 1 and scans
  // every row. So the distinct ones are OR-ed once, and the query goes in as one literal.
  const distinct = await sql<{ q: string | null }>`
    select string_agg(distinct '(' || q::text || ')', ' | ') as q
    from unnest(${[...configs]}::text[]) c, lateral websearch_to_tsquery(c::regconfig, ${text}) q
    where q::text <> ''`.execute(db);
  const combined = distinct.rows[0]?.q ?? null;
  const fts = combined ? sql<boolean>`i.search_vector @@ ${combined}::tsquery` : sql<boolean>`false`;
  const unstemmed = !language || !(SEARCH_CONFIG_BY_LANGUAGE[language] && caps.configs.has(SEARCH_CONFIG_BY_LANGUAGE[language]!));
  if (!caps.trigram || !unstemmed || text.length < 3) return fts;
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`(${fts} or i.title ilike ${pattern})`;
}
