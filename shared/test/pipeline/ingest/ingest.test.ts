import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { feedHealthRepository, feedRepository } from '../../../src/db/index.js';
import { createLogger } from '../../../src/log/index.js';
import { buildMatcherIndex } from '../../../src/pipeline/analyze/index.js';
import { ingestFeed, type IngestDeps } from '../../../src/pipeline/ingest/index.js';
import { createLanguageDetector } from '../../../src/pipeline/language/index.js';
import { MAX_INTERVAL_MS, MIN_INTERVAL_MS } from '../../../src/pipeline/schedule/index.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/db.js';
import { startLocalServer, type LocalServer } from '../../../../test/support/feed-server.js';

const feedA = (n: number) => `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>A</title><language>en</language>
${Array.from({ length: n }, (_, i) => `<item><title>Story ${i}</title><link>https://news.example.org/story/${i}?utm_source=rss&amp;utm_medium=a</link><guid>a-${i}</guid><pubDate>Mon, 0${(i % 9) + 1} Jan 2024 10:00:00 GMT</pubDate><description>Text of story ${i} &amp; more.</description></item>`).join('')}
</channel></rss>`;
// Feed B carries story 1 of feed A under another guid and another tracking parameter.
const feedB = `<?xml version="1.0"?><rss version="2.0"><channel><title>B</title>
<item><title>Story 1 (syndicated)</title><link>http://www.news.example.org/story/1?fbclid=xyz</link><guid>b-1</guid></item>
<item><title>Only in B</title><link>https://b.example.org/only</link><guid>b-2</guid></item>
</channel></rss>`;

let t: TestDatabase;
let server: LocalServer;
let version = 1;
beforeAll(async () => {
  t = await createTestDatabase();
  server = await startLocalServer((req, res) => {
    if (req.url === '/a.xml') {
      const etag = `"a-${version}"`;
      if (req.headers['if-none-match'] === etag) { res.writeHead(304); res.end(); return; }
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag, 'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT' });
      res.end(feedA(version === 1 ? 3 : 5));
      return;
    }
    if (req.url === '/b.xml') { res.writeHead(200, { 'content-type': 'application/rss+xml' }); res.end(feedB); return; }
    if (req.url === '/html') { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><html><body>Not a feed</body></html>'); return; }
    if (req.url === '/quiet.xml') { res.writeHead(200, { 'content-type': 'application/rss+xml' }); res.end(feedA(2).replaceAll('a-', 'quiet-')); return; }
    if (req.url === '/busy') { res.writeHead(429, { 'retry-after': '7200' }); res.end(); return; }
    res.writeHead(404); res.end();
  });
});
afterAll(async () => { await server.close(); await t.drop(); });

function deps(clock: { now: Date }): IngestDeps {
  return {
    db: t.db,
    log: createLogger('silent'),
    fetchOptions: { userAgent: 'narmon-test', connectTimeoutMs: 2000, timeoutMs: 5000, maxBytes: 1 << 20, maxRedirects: 5, allowlist: ['127.0.0.1'] },
    languageDetector: createLanguageDetector({ languages: ['eng', 'rus'], detector: 'eld' }),
    matcherIndex: (() => { const idx = buildMatcherIndex([]); return () => idx; })(),
    now: () => clock.now,
    rng: () => 0.5,
  };
}

const count = async (table: 'items' | 'item_sightings' | 'flags') =>
  Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('ingestFeed', () => {
  test('conditional GET: the second poll of an unchanged feed sends validators, gets 304 and writes no item', async () => {
    const clock = { now: new Date('2024-01-10T00:00:00Z') };
    const feed = await feedRepository.upsertFeed(t.db, { url: `${server.url}/a.xml`, tags: [] });
    const first = await ingestFeed(deps(clock), feed.id);
    expect(first).toMatchObject({ status: 'ok', items: 3, itemsInserted: 3 });
    const itemsBefore = await t.db.selectFrom('items').select(['id', 'last_seen_at']).orderBy('id').execute();

    clock.now = new Date('2024-01-10T01:00:00Z');
    const second = await ingestFeed(deps(clock), feed.id);
    expect(second.status).toBe('not-modified');
    const req = server.requests.at(-1)!;
    expect(req.headers['if-none-match']).toBe('"a-1"');
    expect(req.headers['if-modified-since']).toBe('Mon, 01 Jan 2024 00:00:00 GMT');
    expect(await t.db.selectFrom('items').select(['id', 'last_seen_at']).orderBy('id').execute()).toEqual(itemsBefore);

    const events = await feedHealthRepository.listFetchEvents(t.db, feed.id);
    expect(events.map((e) => e.status)).toEqual(['not-modified', 'ok']);
    expect(events[1]).toMatchObject({ items_seen: 3, items_new: 3, etag: '"a-1"' });

    // A day later the fetch goes without validators, even though the ETag still matches.
    clock.now = new Date('2024-01-11T00:30:00Z');
    version = 2;
    const third = await ingestFeed(deps(clock), feed.id);
    expect(server.requests.at(-1)!.headers['if-none-match']).toBeUndefined();
    expect(third).toMatchObject({ status: 'ok', items: 5, itemsInserted: 2 });
  });

  test('the same story in a second feed is linked to the existing item, not stored twice', async () => {
    const clock = { now: new Date('2024-01-12T00:00:00Z') };
    const b = await feedRepository.upsertFeed(t.db, { url: `${server.url}/b.xml`, tags: [] });
    const itemsBefore = await count('items');
    const outcome = await ingestFeed(deps(clock), b.id);
    expect(outcome).toMatchObject({ status: 'ok', items: 2, itemsInserted: 1, itemsLinked: 1 });
    expect(await count('items')).toBe(itemsBefore + 1);
    const story = await t.db.selectFrom('items').selectAll().where('canonical_url', '=', 'https://news.example.org/story/1').executeTakeFirstOrThrow();
    const sightings = await t.db.selectFrom('item_sightings').select(['feed_id']).where('item_id', '=', story.id).orderBy('feed_id').execute();
    expect(sightings).toHaveLength(2);
    // Polling B again changes nothing.
    const again = await ingestFeed(deps(clock), b.id);
    expect(again).toMatchObject({ itemsInserted: 0 });
    expect(await count('items')).toBe(itemsBefore + 1);
  });

  test('a document that is not a feed is a classed error, kept for replay, and backs off', async () => {
    const clock = { now: new Date('2024-01-12T00:00:00Z') };
    const f = await feedRepository.upsertFeed(t.db, { url: `${server.url}/html`, tags: [], intervalMinutes: 60 });
    const o1 = await ingestFeed(deps(clock), f.id);
    expect(o1).toMatchObject({ status: 'error', code: 'not-a-feed', failure: 'hard', nextIntervalMs: 60 * 60_000 });
    const o2 = await ingestFeed(deps(clock), f.id);
    expect(o2.nextIntervalMs).toBe(2 * 60 * 60_000);
    const docs = await feedHealthRepository.listFailedDocuments(t.db, f.id);
    expect(docs[0]).toMatchObject({ error_class: 'not-a-feed', truncated: false });
    expect(docs[0]!.body.toString()).toContain('Not a feed');
    const row = await feedRepository.getFeed(t.db, f.id);
    expect(row).toMatchObject({ active: true, failure_weight: 2, consecutive_failures: 2, last_error_code: 'not-a-feed' });
  });

  test('429 honours Retry-After; a failing feed keeps at most 30 events and is never deleted', async () => {
    const clock = { now: new Date('2024-01-12T00:00:00Z') };
    const f = await feedRepository.upsertFeed(t.db, { url: `${server.url}/busy`, tags: [], intervalMinutes: 5 });
    const o = await ingestFeed(deps(clock), f.id);
    expect(o).toMatchObject({ status: 'error', code: 'rate-limited', failure: 'soft', retryAfterMs: 7_200_000 });
    expect(o.nextIntervalMs).toBeGreaterThanOrEqual(7_200_000);
    for (let i = 0; i < 32; i++) await ingestFeed(deps(clock), f.id);
    expect(await feedHealthRepository.listFetchEvents(t.db, f.id, 100)).toHaveLength(30);
    const row = await feedRepository.getFeed(t.db, f.id);
    expect(row?.next_interval_ms).toBeLessThanOrEqual(MAX_INTERVAL_MS);
    expect(row?.next_interval_ms).toBeGreaterThanOrEqual(MIN_INTERVAL_MS);
  });

  test('a pinned interval survives a quiet feed; the same feed unpinned stretches to a day', async () => {
    const clock = { now: new Date('2024-01-13T00:00:00Z') };
    const f = await feedRepository.upsertFeed(t.db, { url: `${server.url}/quiet.xml`, tags: [], intervalMinutes: 15, intervalPinned: true });
    await ingestFeed(deps(clock), f.id);
    clock.now = new Date('2024-01-13T06:00:00Z');
    // Nothing new in six hours: an adaptive schedule would wait a day.
    const pinned = await ingestFeed(deps(clock), f.id);
    expect(pinned.nextIntervalMs).toBe(15 * 60_000);
    expect(await feedRepository.getFeed(t.db, f.id)).toMatchObject({ next_interval_ms: 15 * 60_000, new_items_per_hour: 0 });
    await feedRepository.updateFeedSettings(t.db, f.id, { intervalPinned: false });
    clock.now = new Date('2024-01-13T12:00:00Z');
    expect((await ingestFeed(deps(clock), f.id)).nextIntervalMs).toBe(MAX_INTERVAL_MS);
  });
});
