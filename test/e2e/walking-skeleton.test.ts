import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createApp } from '@narmon/api';
import { createLogger, loadConfig, type Config } from '@narmon/shared';
import { apiKeyRepository, createDb, feedRepository, migrateToLatest, narrativeRepository, startEmbeddedPostgres, type Db } from '@narmon/shared/db';
import { loadFingerprints } from '@narmon/shared/narratives';
import { ingestAllFeedsOnce, ingestDepsFromConfig, loadMatcherIndexFromDb } from '@narmon/shared/runtime';
import { createFetchFeedQueue, createRedisConnection, startWorkerRuntime, type WorkerRuntime } from '@narmon/workers';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { startLocalServer, type LocalServer } from '../support/feed-server.js';
import { deleteKeysWithPrefix, TEST_REDIS_URL, testQueuePrefix } from '../support/redis.js';
import { waitFor } from '../support/wait.js';

// The whole path on real services: scheduler -> fetch job -> analysis -> Postgres -> API,
// then the in-process driver on PGlite over the same feed, which must give the same rows.

const NARRATIVES_DIR = 'scripts/demo/narratives';
const log = createLogger('silent');

let feedServer: LocalServer;
let feedBody: Buffer;
let t: TestDatabase;
let runtime: WorkerRuntime | undefined;
let config: Config;
const prefix = testQueuePrefix();

async function publishDemoFingerprints(db: Db) {
  for (const fp of await loadFingerprints(NARRATIVES_DIR)) await narrativeRepository.publishFingerprint(db, fp, 'test');
}

/** The flag rows a user sees, independent of ids and timestamps. */
async function flagRows(db: Db) {
  const rows = await db.selectFrom('flags as f').innerJoin('items as i', 'i.id', 'f.item_id')
    .select(['f.narrative_id', 'f.narrative_version', 'f.score', 'i.title', 'i.language', 'i.guid'])
    .orderBy('i.guid').orderBy('f.narrative_id').execute();
  return rows.map((r) => ({ ...r, score: Math.round(r.score * 1000) / 1000 }));
}

async function count(db: Db, table: 'items' | 'flags'): Promise<number> {
  const r = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

beforeAll(async () => {
  feedBody = await readFile('scripts/demo/feeds/vesti-express.ru.xml');
  feedServer = await startLocalServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    res.end(feedBody);
  });
  t = await createTestDatabase();
  config = loadConfig({
    DATABASE_URL: t.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: prefix,
    FETCH_ALLOWLIST: '127.0.0.1',
    // Politeness still runs through the Redis limiter, without making the test wait between polls.
    HOST_MIN_GAP_MS: '0',
    LOG_LEVEL: 'silent',
  });
});

afterAll(async () => {
  await runtime?.close();
  await deleteKeysWithPrefix(prefix);
  await feedServer.close();
  await t.drop();
});

describe('walking skeleton on PostgreSQL + Redis + BullMQ', () => {
  let expectedRows: Awaited<ReturnType<typeof flagRows>>;

  it('a scheduled fetch job ingests the feed and the API lists the flags', async () => {
    await publishDemoFingerprints(t.db);
    const feed = await feedRepository.upsertFeed(t.db, { url: `${feedServer.url}/vesti.xml`, tags: [] });
    runtime = await startWorkerRuntime(config, log);

    // The scheduler's first job runs at once; wait until the feed has been polled.
    await waitFor('the first poll', async () => (await feedRepository.getFeed(t.db, feed.id))?.last_status === 'ok');
    expectedRows = await flagRows(t.db);

    expect(await count(t.db, 'items')).toBe(4);
    expect(expectedRows.map((r) => [r.guid, r.narrative_id, r.language])).toEqual([
      ['ve-1001', 'biolabs-ukraine', 'rus'],
      ['ve-1002', 'baltic-russophobia', 'rus'],
      ['ve-1003', 'sanctions-backfire', 'rus'],
    ]);
    for (const r of expectedRows) {
      expect(r.narrative_version).toBe(1);
      expect(r.score).toBeGreaterThan(0);
    }

    const { key } = await apiKeyRepository.createApiKey(t.db, { name: 'e2e analyst', role: 'analyst' });
    const index = await loadMatcherIndexFromDb(t.db);
    const { languageDetector } = ingestDepsFromConfig(config, t.db, log, () => index);
    const app = createApp({ db: t.db, log, config, languageDetector: async () => languageDetector, matcherIndex: () => index });
    const res = await request(app).get('/v1/flags').set('authorization', `Bearer ${key}`).expect(200);
    const got = (res.body.data as Array<{ narrative: string; version: number; item: { title: string; language: string }; feed: { url: string }; explanation: { terms: unknown[] } }>)
      .map((f) => ({ narrative: f.narrative, version: f.version, title: f.item.title, language: f.item.language, feed: f.feed.url, terms: f.explanation.terms.length > 0 }))
      .sort((a, b) => a.title.localeCompare(b.title));
    expect(got).toEqual(expectedRows.map((r) => ({ narrative: r.narrative_id, version: 1, title: r.title, language: 'rus', feed: feed.url, terms: true }))
      .sort((a, b) => a.title.localeCompare(b.title)));

    const narratives = await request(app).get('/v1/narratives').set('authorization', `Bearer ${key}`).expect(200);
    expect((narratives.body.data as Array<{ id: string }>).map((n) => n.id).sort())
      .toEqual(['baltic-russophobia', 'biolabs-ukraine', 'fukushima-poisoned-ocean', 'sanctions-backfire']);
  });

  it('fetching the same feed again adds no item and no flag', async () => {
    const before = { items: await count(t.db, 'items'), flags: await count(t.db, 'flags') };
    const queueConn = createRedisConnection(TEST_REDIS_URL);
    const queue = createFetchFeedQueue(queueConn, prefix);
    const feed = (await feedRepository.listFeeds(t.db))[0]!;
    const polledAt = feed.last_fetched_at!.getTime();
    await queue.add('fetch-feed', { feedId: feed.id });
    await waitFor('the second poll', async () => ((await feedRepository.getFeed(t.db, feed.id))?.last_fetched_at?.getTime() ?? 0) > polledAt);
    await queue.close();
    await queueConn.quit();
    expect({ items: await count(t.db, 'items'), flags: await count(t.db, 'flags') }).toEqual(before);
    expect(feedServer.requests.length).toBeGreaterThanOrEqual(2);
  });

  it("after a poll the feed's scheduler follows the adaptive interval stored in Postgres", async () => {
    const feed = (await feedRepository.listFeeds(t.db))[0]!;
    expect(feed.next_interval_ms).toBeGreaterThanOrEqual(5 * 60_000);
    expect(feed.next_interval_ms).toBeLessThanOrEqual(24 * 3_600_000);
    const redis = createRedisConnection(TEST_REDIS_URL);
    const queue = createFetchFeedQueue(redis, prefix);
    const schedulers = await queue.getJobSchedulers(0, -1);
    await queue.close();
    await redis.quit();
    expect(schedulers.map((s) => [s.key, Number(s.every)])).toEqual([[`feed:${feed.id}`, feed.next_interval_ms]]);
  });

  it('a fingerprint published while the worker runs is matched on the next poll, without a restart', async () => {
    const [biolabs] = await loadFingerprints(`${NARRATIVES_DIR}/biolabs-ukraine.yaml`);
    await narrativeRepository.publishFingerprint(t.db, {
      ...biolabs!,
      id: 'architecture-test',
      title: { rus: 'Выставка архитектуры (тест)' },
      languages: { rus: { terms: [{ t: 'выставк*', w: 2 }, { t: 'архитектор*', w: 2 }, { t: 'манеж*', w: 1 }], phrases: [], exclude: [] } },
      match: { minScore: 2, minCoverage: 0.2, minTerms: 2 },
    });
    const queueConn = createRedisConnection(TEST_REDIS_URL);
    const queue = createFetchFeedQueue(queueConn, prefix);
    const feed = (await feedRepository.listFeeds(t.db))[0]!;
    try {
      // The library polls its signature every 1.5 s; poll the feed until the new flag shows.
      await waitFor('a flag from the new fingerprint', async () => {
        await queue.add('fetch-feed', { feedId: feed.id });
        await new Promise((r) => setTimeout(r, 1000));
        const row = await t.db.selectFrom('flags').select(['narrative_id', 'narrative_version']).where('narrative_id', '=', 'architecture-test').executeTakeFirst();
        return row;
      });
    } finally {
      await queue.close();
      await queueConn.quit();
    }
    const rows = await flagRows(t.db);
    expect(rows.filter((r) => r.narrative_id === 'architecture-test').map((r) => r.guid)).toEqual(['ve-1004']);
    // Earlier flags are untouched: still one per item x narrative version.
    expect(rows.filter((r) => r.narrative_id !== 'architecture-test')).toEqual(expectedRows);
    await t.db.deleteFrom('flags').where('narrative_id', '=', 'architecture-test').execute();
    await t.db.updateTable('narratives').set({ status: 'retired' }).where('id', '=', 'architecture-test').execute();
  });

  it('a Redis that comes back empty is rescheduled from Postgres', async () => {
    const redis = createRedisConnection(TEST_REDIS_URL);
    await deleteKeysWithPrefix(prefix, redis);
    await runtime!.resync();
    const queue = createFetchFeedQueue(redis, prefix);
    const schedulers = await queue.getJobSchedulers(0, -1);
    await queue.close();
    await redis.quit();
    const feeds = await feedRepository.listFeeds(t.db);
    expect(schedulers.map((s) => s.key)).toEqual(feeds.map((f) => `feed:${f.id}`));
  });

  it('the in-process driver on PGlite gives the same rows', async () => {
    const embedded = await startEmbeddedPostgres();
    const db = createDb(embedded.url, { max: 1 });
    try {
      await migrateToLatest(db);
      await publishDemoFingerprints(db);
      await feedRepository.upsertFeed(db, { url: `${feedServer.url}/vesti.xml`, tags: [] });
      const index = await loadMatcherIndexFromDb(db);
      const outcomes = await ingestAllFeedsOnce(ingestDepsFromConfig(config, db, log, () => index));
      expect(outcomes.map((o) => o.status)).toEqual(['ok']);
      expect(await flagRows(db)).toEqual(expectedRows);
    } finally {
      await db.destroy();
      await embedded.stop();
    }
  });
});
