import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { createDb, flagRepository, itemQueryRepository, itemRepository, migrateToLatest, narrativeRepository, startEmbeddedPostgres, statsRepository, type Db, type EmbeddedPostgres } from '@narmon/shared/db';
import { fingerprint } from './support/fixtures.js';

// The embedded demo runs every migration on PGlite (reports PostgreSQL 18): triggers, DO blocks,
// transition tables, the generated tsvector column and the optional pg_trgm must all work there.
let pg: EmbeddedPostgres;
let db: Db;
beforeAll(async () => {
  pg = await startEmbeddedPostgres();
  db = createDb(pg.url, { max: 1 });
}, 60_000);
afterAll(async () => {
  await db?.destroy();
  await pg?.stop();
});

describe('every migration on PGlite', () => {
  it('migrates, fills flags from their item, searches, keeps roll-ups and cross-feed sightings', async () => {
    await migrateToLatest(db);
    await migrateToLatest(db); // a second run is a no-op
    const feeds = await db.insertInto('feeds').values([{ url: 'https://a.example/rss', interval_minutes: 60 }, { url: 'https://b.example/rss', interval_minutes: 60 }]).returning('id').execute();
    const [a, b] = [feeds[0]!.id, feeds[1]!.id];
    await narrativeRepository.publishFingerprint(db, fingerprint('vaccine-chips'));
    const base = { guid: null, link: null, html: null, published: new Date('2026-03-01T10:00:00Z'), dateInferred: false, languageConfidence: 0.9, runnersUp: [] };
    const ru = await itemRepository.upsertItem(db, { ...base, feedId: a, identityKey: 'ru', title: 'Учения НАТО — провокация', text: 'НАТО готовит провокации у границы', language: 'rus' });
    const en = await itemRepository.upsertItem(db, { ...base, feedId: a, identityKey: 'en', title: 'Vaccines carry chips', text: 'The shots carry tracking microchips', language: 'eng' });
    await itemRepository.upsertSighting(db, a, 'en', en.id);
    await itemRepository.upsertSighting(db, b, 'b-en', en.id);
    for (let round = 0; round < 2; round++) {
      await flagRepository.upsertFlags(db, [{ itemId: en.id, narrativeId: 'vaccine-chips', narrativeVersion: 1, score: 4 + round, explanation: { language: 'eng', coverage: 0.5, terms: [] } }]);
    }

    // The BEFORE trigger copied the item's language, feed and published time into the flag.
    const flag = await db.selectFrom('flags').select(['item_language', 'feed_id', 'item_published_at', 'score']).executeTakeFirstOrThrow();
    expect(flag).toMatchObject({ item_language: 'eng', feed_id: a, score: 5 });
    expect(new Date(flag.item_published_at as unknown as string).toISOString()).toBe('2026-03-01T10:00:00.000Z');
    // Re-detection follows into the flag (AFTER UPDATE trigger) and into the roll-ups.
    await itemRepository.upsertItem(db, { ...base, feedId: a, identityKey: 'en', title: 'Vaccines carry chips', text: 'The shots carry tracking microchips', language: 'lav' });
    expect((await db.selectFrom('flags').select('item_language').executeTakeFirstOrThrow()).item_language).toBe('lav');
    await itemRepository.upsertItem(db, { ...base, feedId: a, identityKey: 'en', title: 'Vaccines carry chips', text: 'The shots carry tracking microchips', language: 'eng' });

    // Full-text search with the stemmed configuration (the generated column) finds inflected forms.
    expect((await itemQueryRepository.searchItems(db, { q: 'провокация' })).rows.map((r) => r.id)).toEqual([ru.id]);
    expect((await itemQueryRepository.searchItems(db, { q: 'microchip', language: 'eng' })).rows.map((r) => r.id)).toEqual([en.id]);
    expect((await flagRepository.queryFlags(db, { q: 'vaccine' })).rows.map((r) => r.item_id)).toEqual([en.id]);
    expect((await flagRepository.queryFlags(db, { feedId: b })).rows.map((r) => r.item_id)).toEqual([en.id]);

    const stats = await statsRepository.overviewStats(db, new Date(Date.UTC(2026, 0, 1)));
    expect(stats.languages).toEqual([{ language: 'eng', items: 1, flags: 1 }, { language: 'rus', items: 1, flags: 0 }]);
    const truth = await sql<{ n: number }>`select count(*)::int as n from items`.execute(db);
    expect(stats.days.reduce((s, d) => s + d.items, 0)).toBe(truth.rows[0]!.n);
    const counts = await narrativeRepository.listNarrativesWithCounts(db, new Date());
    expect(counts.find((n) => n.id === 'vaccine-chips')).toMatchObject({ flags24h: 1, flags7d: 1 });
  });
});
