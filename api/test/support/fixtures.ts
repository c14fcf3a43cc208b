import type { Db } from '@narmon/shared/db';
import { flagRepository, narrativeRepository } from '@narmon/shared/db';
import { fingerprintSchema } from '@narmon/schemas';

export const T0 = new Date('2026-03-01T00:00:00Z');
export const hours = (h: number) => new Date(T0.getTime() + h * 3600_000);

export function fingerprint(id: string, extra: Record<string, unknown> = {}) {
  return fingerprintSchema.parse({
    id, status: 'active', title: { eng: `Narrative ${id}` },
    languages: { eng: { terms: [{ t: 'vaccine' }, { t: 'chip' }] }, rus: { terms: [{ t: 'вакцина' }] } },
    ...extra,
  });
}

export interface FixtureItem {
  feed: number;
  title: string;
  text?: string;
  language: string;
  publishedHours: number | null;
  firstSeenHours?: number;
}

export async function insertFeeds(db: Db, n: number): Promise<number[]> {
  const rows = await db.insertInto('feeds')
    .values(Array.from({ length: n }, (_, i) => ({ url: `https://news${i + 1}.example/rss`, title: `News ${i + 1}`, interval_minutes: 60 })))
    .returning('id').execute();
  return rows.map((r) => r.id);
}

export async function insertItems(db: Db, items: FixtureItem[]): Promise<number[]> {
  const rows = await db.insertInto('items').values(items.map((it, i) => ({
    feed_id: it.feed, identity_key: `guid:${it.title}:${i}:${Math.random()}`, guid: null, link: `https://example.org/${i}?x=${encodeURIComponent(it.title)}`,
    title: it.title, text: it.text ?? it.title, language: it.language, language_confidence: 0.9,
    published_at: it.publishedHours === null ? null : hours(it.publishedHours),
    first_seen_at: hours(it.firstSeenHours ?? it.publishedHours ?? 0),
    runners_up: JSON.stringify([{ narrative: 'runner', version: 1, score: 1.5, coverage: 0.1, language: it.language }]),
  }))).returning('id').execute();
  return rows.map((r) => r.id);
}

export async function insertFlag(db: Db, f: { item: number; narrative: string; version?: number; score: number; flaggedHours: number }): Promise<number> {
  const row = await db.insertInto('flags').values({
    item_id: f.item, narrative_id: f.narrative, narrative_version: f.version ?? 1, score: f.score,
    explanation: JSON.stringify({ language: 'eng', coverage: 0.5, terms: [{ term: 'vaccine', kind: 'term', weight: 1, offsets: [[0, 7]] }] }),
    created_at: hours(f.flaggedHours),
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function publish(db: Db, id: string, extra: Record<string, unknown> = {}) {
  return narrativeRepository.publishFingerprint(db, fingerprint(id, extra), 'fixture');
}

export { flagRepository };
