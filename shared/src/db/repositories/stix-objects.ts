import { randomUUID } from 'node:crypto';
import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { Tlp } from '@narmon/schemas';
import type { Db } from '../index.js';

import type { CollectionViewer } from '../../exchange/tlp-visibility.js';
import { tlpRank } from '../../exchange/tlp-visibility.js';
import { microsToTimestamp, timestampToMicros } from '../../exchange/taxii-time.js';

/** The STIX id minted once for a narmon row, with the time it was minted (its `created`). */
export async function stixIdFor(db: Db, kind: string, localKey: string, stixType: string): Promise<{ id: string; created: Date }> {
  await db.insertInto('stix_ids').values({ kind, local_key: localKey, stix_id: `${stixType}--${randomUUID()}` })
    .onConflict((oc) => oc.columns(['kind', 'local_key']).doNothing()).execute();
  const row = await db.selectFrom('stix_ids').select(['stix_id', 'created'])
    .where('kind', '=', kind).where('local_key', '=', localKey).executeTakeFirstOrThrow();
  return { id: row.stix_id, created: new Date(row.created) };
}

/** A setting of the exchange (e.g. our identity id), minted by `mint` the first time and kept. */
export async function exchangeSetting(db: Db, key: string, mint: () => string): Promise<string> {
  await db.insertInto('exchange_settings').values({ key, value: mint() }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await db.selectFrom('exchange_settings').select('value').where('key', '=', key).executeTakeFirstOrThrow()).value;
}

export interface CollectionEntry {
  object: Record<string, unknown> & { id: string; type: string };
  tlp: Tlp;
  /** The organisation that owns the object (AMBER+STRICT recipient, or the partner that posted it). */
  ownerOrg: string | null;
  publishedBy: string;
}

export interface AddResult {
  added: Array<{ id: string; version: string; dateAdded: string }>;
  /** Already in the collection (same version, or same content with only `modified` moved). */
  unchanged: Array<{ id: string; version: string }>;
}

function withoutModified(o: Record<string, unknown>): string {
  const { modified: _m, ...rest } = o;
  return JSON.stringify(Object.keys(rest).sort().map((k) => [k, rest[k]]));
}

/**
 * Adds object versions to a collection. The collection row is locked for the call and every new
 * version gets a date_added strictly after the previous one (µs steps), so objects published in one
 * call never share a date_added and a client paging by added_after misses none of them.
 */
export async function addObjectsToCollection(db: Db, collectionId: string, entries: CollectionEntry[]): Promise<AddResult> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('sharing_groups').select('id').where('collection_id', '=', collectionId).forUpdate().executeTakeFirstOrThrow();
    const clock = await sql<{ now_us: string; last_us: string | null }>`
      select (extract(epoch from clock_timestamp()) * 1000000)::bigint::text as now_us,
             (select max(date_added_us) from stix_objects where collection_id = ${collectionId})::text as last_us`.execute(trx);
    const nowUs = Number(clock.rows[0]!.now_us);
    let next = Math.max(nowUs, clock.rows[0]!.last_us === null ? 0 : Number(clock.rows[0]!.last_us) + 1);
    const result: AddResult = { added: [], unchanged: [] };
    for (const e of entries) {
      const versionText = (e.object.modified ?? e.object.created) as string | undefined;
      const versionUs = versionText ? timestampToMicros(versionText) ?? next : next;
      const version = versionText ?? microsToTimestamp(next);
      const latest = await trx.selectFrom('stix_objects').select(['version_us', 'object'])
        .where('collection_id', '=', collectionId).where('stix_id', '=', e.object.id)
        .orderBy('version_us', 'desc').limit(1).executeTakeFirst();
      const same = latest && (Number(latest.version_us) === versionUs || withoutModified(latest.object) === withoutModified(e.object));
      const exists = same || (await trx.selectFrom('stix_objects').select('seq')
        .where('collection_id', '=', collectionId).where('stix_id', '=', e.object.id).where('version_us', '=', versionUs).executeTakeFirst());
      if (exists) {
        result.unchanged.push({ id: e.object.id, version });
        continue;
      }
      await trx.insertInto('stix_objects').values({
        collection_id: collectionId,
        stix_id: e.object.id,
        type: e.object.type,
        spec_version: typeof e.object.spec_version === 'string' ? e.object.spec_version : '2.1',
        version,
        version_us: versionUs,
        tlp: e.tlp,
        tlp_rank: tlpRank(e.tlp),
        owner_org: e.ownerOrg,
        published_by: e.publishedBy,
        object: JSON.stringify(e.object),
        date_added_us: next,
      }).execute();
      result.added.push({ id: e.object.id, version, dateAdded: microsToTimestamp(next) });
      next += 1;
    }
    return result;
  });
}

type ObjectsAlias = 'o' | 'v';

/** The TLP rules of `isVisibleTo` as SQL, so LIMIT and paging apply to visible rows only. */
function visibleTo(eb: ExpressionBuilder<any, any>, alias: ObjectsAlias, viewer: CollectionViewer): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [
    eb(`${alias}.tlp`, '<>', 'red'),
    eb(`${alias}.tlp_rank`, '<=', tlpRank(viewer.ceiling)),
  ];
  if (viewer.kind === 'partner') {
    conditions.push(eb.or([eb(`${alias}.tlp`, '<>', 'amber+strict'), eb(`${alias}.owner_org`, '=', viewer.organization)]));
  }
  return eb.and(conditions);
}

/**
 * TAXII `match[version]`: `all`, or any union of `first`, `last` and exact versions (µs), as in
 * `?match[version]=first,last` or `?match[version]=2026-03-01T10:00:00.000Z,last`. `first` and `last`
 * are taken among the versions the viewer may see, so a hidden version never shadows a visible one.
 */
export type VersionSelector = 'first' | 'last' | number;
export type VersionMatch = 'all' | 'first' | 'last' | VersionSelector[];

function selectors(versions: VersionMatch): VersionSelector[] | 'all' {
  if (versions === 'all') return 'all';
  return Array.isArray(versions) ? versions : [versions];
}

/** The version condition on `alias` (undefined for `all`). */
function versionCondition(eb: ExpressionBuilder<any, any>, alias: ObjectsAlias, versions: VersionMatch, viewer: CollectionViewer): Expression<SqlBool> | undefined {
  const sel = selectors(versions);
  if (sel === 'all') return undefined;
  const other = alias === 'o' ? 'v' : 'o';
  const extreme = (which: 'first' | 'last') => eb.not(eb.exists(
    eb.selectFrom(`stix_objects as ${other}`).select(sql`1`.as('one'))
      .whereRef(`${other}.collection_id`, '=', `${alias}.collection_id`)
      .whereRef(`${other}.stix_id`, '=', `${alias}.stix_id`)
      .whereRef(`${other}.version_us`, which === 'last' ? '>' : '<', `${alias}.version_us`)
      .where((eb2) => visibleTo(eb2, other, viewer)),
  ));
  const exact = sel.filter((s): s is number => typeof s === 'number');
  const parts: Expression<SqlBool>[] = [];
  if (sel.includes('first')) parts.push(extreme('first'));
  if (sel.includes('last')) parts.push(extreme('last'));
  if (exact.length) parts.push(eb(`${alias}.version_us`, 'in', exact));
  return parts.length ? eb.or(parts) : sql<SqlBool>`false`;
}

export interface VisibleObjectsQuery {
  collectionId: string;
  viewer: CollectionViewer;
  /** date_added strictly after this (µs): from added_after or a `next` token, whichever is later. */
  afterUs?: number;
  limit: number;
  ids?: string[];
  types?: string[];
  versions?: VersionMatch;
  specVersions?: string[];
}

export interface CollectionObjectRow {
  stixId: string;
  type: string;
  version: string;
  dateAddedUs: number;
  ownerOrg: string | null;
  object: Record<string, unknown>;
}

/** One page of the object versions a viewer may see, oldest date_added first; `more` when another page exists. */
export async function visibleObjects(db: Db, q: VisibleObjectsQuery): Promise<{ rows: CollectionObjectRow[]; more: boolean }> {
  const versions = q.versions ?? 'last';
  let query = db.selectFrom('stix_objects as o')
    .select(['o.stix_id', 'o.type', 'o.version', 'o.date_added_us', 'o.owner_org', 'o.object'])
    .where('o.collection_id', '=', q.collectionId)
    .where((eb) => visibleTo(eb, 'o', q.viewer))
    .orderBy('o.date_added_us')
    .limit(q.limit + 1);
  if (q.afterUs !== undefined) query = query.where('o.date_added_us', '>', q.afterUs);
  if (q.ids?.length) query = query.where('o.stix_id', 'in', q.ids);
  if (q.types?.length) query = query.where('o.type', 'in', q.types);
  if (q.specVersions?.length) query = query.where('o.spec_version', 'in', q.specVersions);
  query = query.where((eb) => versionCondition(eb, 'o', versions, q.viewer) ?? sql<SqlBool>`true`);
  const rows = await query.execute();
  return {
    more: rows.length > q.limit,
    rows: rows.slice(0, q.limit).map((r) => ({
      stixId: r.stix_id,
      type: r.type,
      version: r.version,
      dateAddedUs: Number(r.date_added_us),
      ownerOrg: r.owner_org,
      object: r.object,
    })),
  };
}

/**
 * Deletes the versions of an object that `versions` selects among those the viewer may see (all of
 * them by default); returns how many. Versions the viewer cannot see are never touched.
 */
export async function deleteVisibleVersions(db: Db, q: { collectionId: string; stixId: string; viewer: CollectionViewer; versions?: VersionMatch }): Promise<number> {
  const r = await db.deleteFrom('stix_objects')
    .where('seq', 'in', db.selectFrom('stix_objects as o').select('o.seq')
      .where('o.collection_id', '=', q.collectionId).where('o.stix_id', '=', q.stixId)
      .where((eb) => visibleTo(eb, 'o', q.viewer))
      .where((eb) => versionCondition(eb, 'o', q.versions ?? 'all', q.viewer) ?? sql<SqlBool>`true`))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The owners of an object's versions in a collection (to decide who may delete it). */
export async function objectOwners(db: Db, collectionId: string, stixId: string): Promise<Array<string | null>> {
  const rows = await db.selectFrom('stix_objects').select('owner_org').distinct()
    .where('collection_id', '=', collectionId).where('stix_id', '=', stixId).execute();
  return rows.map((r) => r.owner_org);
}

/** Object counts per type in a collection (demo and CLI summaries). */
export async function countObjectsByType(db: Db, collectionId: string): Promise<Record<string, number>> {
  const rows = await db.selectFrom('stix_objects').select(['type', (eb) => eb.fn.countAll<number>().as('n')])
    .where('collection_id', '=', collectionId).groupBy('type').orderBy('type').execute();
  return Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
}

