import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKeyRepository, createDb, feedRepository } from '@narmon/shared/db';
import { dbUrl, withAdmin } from '../../test/support/pg-admin.js';
import { startLocalServer, type LocalServer } from '../../test/support/feed-server.js';
import { deleteKeysWithPrefix, TEST_REDIS_URL, testQueuePrefix } from '../../test/support/redis.js';
import { waitFor } from '../../test/support/wait.js';

// The service commands as an operator runs them: migrate an empty database, then a worker and
// the API as separate processes sharing PostgreSQL and Redis, each stopping cleanly on SIGTERM.
const name = `narmon_svc_${process.pid}_${randomBytes(3).toString('hex')}`;
const url = dbUrl(name);
const prefix = testQueuePrefix();
let feeds: LocalServer;

function env(extra: Record<string, string> = {}) {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATABASE_URL: url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, FETCH_ALLOWLIST: '127.0.0.1', LOG_LEVEL: 'info', ...extra };
}

function start(args: string[], extra: Record<string, string> = {}): { child: ChildProcess; logs: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['scripts/bin/narmon.mjs', ...args], { env: env(extra), stdio: ['ignore', 'pipe', 'pipe'] });
  let logs = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { logs += d; });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { logs += d; });
  return { child, logs: () => logs, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

beforeAll(async () => {
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const body = await readFile('scripts/demo/feeds/world-wire.en.xml');
  feeds = await startLocalServer((_req, res) => { res.writeHead(200, { 'content-type': 'application/rss+xml' }); res.end(body); });
});

afterAll(async () => {
  await feeds.close();
  await deleteKeysWithPrefix(prefix);
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
});

describe('narmon migrate, worker and serve', () => {
  it('migrate applies every migration to an empty database, then has nothing to do', () => {
    const first = spawnSync(process.execPath, ['scripts/bin/narmon.mjs', 'migrate'], { env: env(), encoding: 'utf8' });
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^applied: 0001_foundation$/m);
    const again = spawnSync(process.execPath, ['scripts/bin/narmon.mjs', 'migrate'], { env: env(), encoding: 'utf8' });
    expect(again.status).toBe(0);
    expect(again.stdout.trim()).toBe('database is up to date');
  });

  it('a worker process polls a feed added to Postgres; the API process serves the flags; both stop on SIGTERM', async () => {
    const db = createDb(url, { max: 2 });
    try {
      const { loadFingerprints } = await import('@narmon/shared/narratives');
      const { narrativeRepository } = await import('@narmon/shared/db');
      for (const fp of await loadFingerprints('scripts/demo/narratives')) await narrativeRepository.publishFingerprint(db, fp);
      const feed = await feedRepository.upsertFeed(db, { url: `${feeds.url}/world.xml`, tags: [] });
      const { key } = await apiKeyRepository.createApiKey(db, { name: 'svc test', role: 'analyst' });

      const worker = start(['worker']);
      const api = start(['serve'], { API_PORT: '0' });
      try {
        await waitFor('the worker to poll the feed', async () => (await feedRepository.getFeed(db, feed.id))?.last_status === 'ok', 60_000, 200);
        const apiUrl = await waitFor('the API to listen', async () => /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(api.logs())?.[1], 60_000, 200);
        const res = await fetch(`${apiUrl}/v1/flags`, { headers: { authorization: `Bearer ${key}` } });
        expect(res.status).toBe(200);
        const flags = (await res.json() as { data: Array<{ narrative: string }> }).data.map((f) => f.narrative).sort();
        expect(flags).toEqual(['fukushima-poisoned-ocean', 'sanctions-backfire']);
        const health = await fetch(`${apiUrl}/healthz`);
        expect(health.status).toBe(200);
      } finally {
        worker.child.kill('SIGTERM');
        api.child.kill('SIGTERM');
      }
      expect(await worker.exited).toBe(0);
      expect(await api.exited).toBe(0);
    } finally {
      await db.destroy();
    }
  });
});
