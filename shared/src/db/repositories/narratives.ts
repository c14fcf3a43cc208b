import { sql } from 'kysely';
import type { Fingerprint } from '@narmon/schemas';
import type { Db } from '../index.js';

function sameDocument(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  }
  return v;
}

export interface PublishResult {
  id: string;
  version: number;
  /** False when the stored current version already had this exact document. */
  changed: boolean;
}

/**
 * Stores a fingerprint. The same document again changes nothing (idempotent); any change to
 * a stored narrative becomes a new version, so flags keep pointing at the version that made them.
 */
export async function publishFingerprint(db: Db, fp: Fingerprint, createdBy: string | null = null): Promise<PublishResult> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('narratives').selectAll().where('id', '=', fp.id).forUpdate().executeTakeFirst();
    if (!current) {
      const doc = { ...fp };
      await trx.insertInto('narratives').values({ id: fp.id, current_version: fp.version, status: fp.status }).execute();
      await trx.insertInto('narrative_versions')
        .values({ narrative_id: fp.id, version: fp.version, status: fp.status, document: JSON.stringify(doc), created_by: createdBy })
        .execute();
      return { id: fp.id, version: fp.version, changed: true };
    }
    const stored = await trx.selectFrom('narrative_versions').select('document')
      .where('narrative_id', '=', fp.id).where('version', '=', current.current_version).executeTakeFirstOrThrow();
    const { version: _storedVersion, ...storedRest } = stored.document as Record<string, unknown>;
    const { version: _newVersion, ...newRest } = fp as unknown as Record<string, unknown>;
    if (sameDocument(storedRest, newRest)) return { id: fp.id, version: current.current_version, changed: false };

    const version = Math.max(current.current_version + 1, fp.version);
    const doc = { ...fp, version };
    await trx.insertInto('narrative_versions')
      .values({ narrative_id: fp.id, version, status: fp.status, document: JSON.stringify(doc), created_by: createdBy })
      .execute();
    await trx.updateTable('narratives').set({ current_version: version, status: fp.status, updated_at: sql`now()` })
      .where('id', '=', fp.id).execute();
    return { id: fp.id, version, changed: true };
  });
}

/** The current version of every narrative (any status), as stored documents. */
export async function listCurrentFingerprints(db: Db, options: { status?: Fingerprint['status'] } = {}) {
  let q = db.selectFrom('narratives as n')
    .innerJoin('narrative_versions as v', (j) => j.onRef('v.narrative_id', '=', 'n.id').onRef('v.version', '=', 'n.current_version'))
    .select(['n.id', 'n.current_version as version', 'n.status', 'n.updated_at', 'v.document'])
    .orderBy('n.id');
  if (options.status) q = q.where('n.status', '=', options.status);
  return q.execute();
}

// ---------------------------------------------------------------------------------------------
// Analyst API reads (additive).

const HOUR_MS = 3600_000;
const floorHour = (d: Date) => new Date(Math.floor(d.getTime() / HOUR_MS) * HOUR_MS);
const ceilHour = (d: Date) => new Date(Math.ceil(d.getTime() / HOUR_MS) * HOUR_MS);
const utcTimestamp = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

/**
 * How many flags each narrative raised in (now - 24 h, now] and (now - 7 d, now], exactly: whole
 * UTC hours come from the trigger-kept hourly roll-up (migration 0310), the two partial hours at
 * the window edges from the flags themselves (a few rows through the created_at index).
 */
export async function flagCountsByNarrative(db: Db, now: Date) {
  const dayAgo = new Date(now.getTime() - 24 * HOUR_MS);
  const weekAgo = new Date(now.getTime() - 7 * 24 * HOUR_MS);
  const [wCeil, dCeil, nFloor] = [ceilHour(weekAgo), ceilHour(dayAgo), floorHour(now)];
  const rows = await sql<{ narrative_id: string; flags24h: number; flags7d: number }>`
    select narrative_id, sum(f24)::int as flags24h, sum(f7)::int as flags7d from (
      select narrative_id, sum(flags) as f7, coalesce(sum(flags) filter (where hour >= ${utcTimestamp(dCeil)}::timestamp), 0) as f24
      from narrative_flag_hourly_counts
      where hour >= ${utcTimestamp(wCeil)}::timestamp and hour < ${utcTimestamp(nFloor)}::timestamp
      group by 1
      union all
      select narrative_id, count(*) filter (where created_at < ${wCeil} or created_at >= ${nFloor}),
             count(*) filter (where created_at >= ${dayAgo})
      from flags
      where (created_at >= ${weekAgo} and created_at < ${wCeil}) or (created_at >= ${dayAgo} and created_at < ${dCeil})
         or (created_at >= ${nFloor} and created_at <= ${now})
      group by 1
    ) x group by 1`.execute(db);
  return new Map(rows.rows.map((r) => [r.narrative_id, r]));
}

/** Current versions with how many flags each raised in the last 24 hours and 7 days. */
export async function listNarrativesWithCounts(db: Db, now: Date) {
  const [rows, counts] = await Promise.all([
    db.selectFrom('narratives as n')
      .innerJoin('narrative_versions as v', (j) => j.onRef('v.narrative_id', '=', 'n.id').onRef('v.version', '=', 'n.current_version'))
      .select(['n.id', 'n.current_version as version', 'n.status', 'n.updated_at', 'v.document'])
      .orderBy('n.id')
      .execute(),
    flagCountsByNarrative(db, now),
  ]);
  return rows.map((r) => ({ ...r, flags24h: counts.get(r.id)?.flags24h ?? 0, flags7d: counts.get(r.id)?.flags7d ?? 0 }));
}

/** One narrative with every version, newest first; undefined when there is no such narrative. */
export async function getNarrativeWithVersions(db: Db, id: string) {
  const narrative = await db.selectFrom('narratives').selectAll().where('id', '=', id).executeTakeFirst();
  if (!narrative) return undefined;
  const versions = await db.selectFrom('narrative_versions')
    .select(['version', 'status', 'created_by', 'created_at', 'document'])
    .where('narrative_id', '=', id).orderBy('version', 'desc').execute();
  return { ...narrative, versions };
}

export async function getNarrativeVersion(db: Db, id: string, version: number) {
  return db.selectFrom('narrative_versions').select(['version', 'status', 'document'])
    .where('narrative_id', '=', id).where('version', '=', version).executeTakeFirst();
}

export async function getCurrentDocument(db: Db, id: string) {
  return db.selectFrom('narratives as n')
    .innerJoin('narrative_versions as v', (j) => j.onRef('v.narrative_id', '=', 'n.id').onRef('v.version', '=', 'n.current_version'))
    .select(['n.id', 'n.current_version as version', 'n.status', 'v.document'])
    .where('n.id', '=', id).executeTakeFirst();
}

/**
 * A cheap signature of the narrative library: it changes whenever a narrative is added, removed,
 * or gets a new version (status changes are new versions). Live matchers poll it to know when to rebuild.
 */
export async function narrativeLibrarySignature(db: Db): Promise<string> {
  const row = await db.selectFrom('narratives')
    .select([
      sql<number>`count(*)::int`.as('n'),
      sql<string>`coalesce(sum(current_version), 0)::text`.as('versions'),
      sql<string>`coalesce(max(updated_at)::text, '')`.as('updated'),
    ])
    .executeTakeFirstOrThrow();
  return `${row.n}:${row.versions}:${row.updated}`;
}
