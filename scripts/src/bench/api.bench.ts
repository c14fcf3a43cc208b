// The analyst API at volume (1M items, 100k flags, 200 narratives, 5 languages, a year): p50/p99
// of the main queries through HTTP with autocannon. Seeds its own database when it is missing
// or short (BENCH_DATABASE_URL to point elsewhere; BENCH_API_SECONDS per query, default 8).
import { createServer, type Server } from 'node:http';
import { cpus, totalmem } from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';
import { sql } from 'kysely';
import { createLogger, loadConfig } from '@narmon/shared';
import { apiKeyRepository, createDb } from '@narmon/shared/db';
import { buildMatcherIndex } from '@narmon/shared/pipeline/analyze';
import { createLanguageDetector } from '@narmon/shared/pipeline/language';
import { closeApp, createApp } from '../../../api/src/app.js';
import { FULL_SIZE, seedVolume } from '../seed/volume.js';

const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_DB = 'narmon_bench_api';

async function ensureSeededDatabase(): Promise<string> {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DEFAULT_DB}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [DEFAULT_DB])).rowCount;
    if (exists) {
      const db = createDb(url.toString(), { max: 1 });
      const n = await sql<{ n: number; f: number }>`select (select count(*) from items)::int as n, (select count(*) from flags)::int as f`.execute(db).catch(() => ({ rows: [{ n: 0, f: 0 }] }));
      await db.destroy();
      if ((n.rows[0]?.n ?? 0) >= FULL_SIZE.items && (n.rows[0]?.f ?? 0) >= FULL_SIZE.flags) return url.toString();
      await admin.query(`drop database ${DEFAULT_DB} with (force)`);
    }
    await admin.query(`create database ${DEFAULT_DB}`);
  } finally {
    await admin.end();
  }
  const db = createDb(url.toString(), { max: 1 });
  console.log(`seeding ${DEFAULT_DB} (${JSON.stringify(FULL_SIZE)}) ...`);
  const report = await seedVolume(db, FULL_SIZE, (l) => console.log(l));
  console.log(`seeded in ${report.total.toFixed(1)} s`);
  await db.destroy();
  return url.toString();
}

interface Scenario { name: string; paths: string[] }

function measure(base: string, key: string, s: Scenario, seconds: number): Promise<autocannon.Result> {
  let i = 0;
  return new Promise((resolve, reject) => {
    autocannon({
      url: base,
      connections: 2,
      duration: seconds,
      headers: { authorization: `Bearer ${key}` },
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: s.paths[i++ % s.paths.length]! }) }],
    }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

export async function run(): Promise<void> {
  const url = await ensureSeededDatabase();
  const db = createDb(url, { max: 8 });
  const counts = (await sql<{ items: number; flags: number }>`select (select count(*) from items)::int as items, (select count(*) from flags)::int as flags`.execute(db)).rows[0]!;
  const key = (await apiKeyRepository.createApiKey(db, { name: 'bench', role: 'analyst' })).key;
  const narratives = (await sql<{ id: string }>`select id from narratives order by id`.execute(db)).rows.map((r) => r.id);
  const feeds = (await sql<{ id: number }>`select id from feeds order by id`.execute(db)).rows.map((r) => r.id);
  const app = createApp({
    db, log: createLogger('silent'), config: loadConfig({ API_RATE_LIMIT_PER_MINUTE: '1000000' }), languageDetector: async () => createLanguageDetector(),
    matcherIndex: () => buildMatcherIndex([]), redis: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: '{narmon-bench}' },
  });
  const server: Server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  // A cursor deep into the newest flags, for the "next page" scenario.
  const firstPage = await fetch(`${base}/v1/flags?limit=100`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.json()) as { nextCursor: string };
  const pick = <T>(xs: T[], n: number) => Array.from({ length: n }, (_, k) => xs[(k * 37) % xs.length]!);
  const day = 24 * 3600_000;
  const iso = (ms: number) => new Date(Date.now() - ms).toISOString();
  const scenarios: Scenario[] = [
    { name: 'flags: newest 100', paths: ['/v1/flags?limit=100'] },
    { name: 'flags: next page (cursor)', paths: [`/v1/flags?limit=100&cursor=${firstPage.nextCursor}`] },
    { name: 'flags: narrative', paths: pick(narratives, 40).map((n) => `/v1/flags?narrative=${n}&limit=100`) },
    { name: 'flags: narrative+language+7d', paths: pick(narratives, 40).map((n, k) => `/v1/flags?narrative=${n}&language=${['rus', 'eng', 'lav', 'ukr', 'est'][k % 5]}&since=${iso(7 * day)}`) },
    { name: 'flags: language+minScore', paths: ['rus', 'eng', 'lav', 'ukr', 'est'].map((l) => `/v1/flags?language=${l}&minScore=8`) },
    { name: 'flags: feed+30d', paths: pick(feeds, 40).map((f) => `/v1/flags?feed=${f}&since=${iso(30 * day)}`) },
    { name: 'flags: status=confirmed', paths: ['/v1/flags?status=confirmed'] },
    { name: 'flags: sort=score', paths: ['/v1/flags?sort=score&limit=100'] },
    { name: 'flags: q (full text)', paths: ['sanctions', 'refugees', 'санкции', 'biolabs', 'vēlēšanas'].map((w) => `/v1/flags?q=${encodeURIComponent(w)}&limit=50`) },
    { name: 'trend: day, 90 days', paths: pick(narratives, 40).map((n) => `/v1/narratives/${n}/trend?bucket=day&since=${iso(90 * day)}`) },
    { name: 'trend: week, 1 year', paths: pick(narratives, 40).map((n) => `/v1/narratives/${n}/trend?bucket=week&since=${iso(365 * day)}`) },
    { name: 'trend: hour, 7 days', paths: pick(narratives, 40).map((n) => `/v1/narratives/${n}/trend?bucket=hour&since=${iso(7 * day)}`) },
    { name: 'narratives (24h/7d counts)', paths: ['/v1/narratives'] },
    { name: 'items: q (full text)', paths: ['sanctions', 'санкции', 'Igaunija'].map((w) => `/v1/items?q=${encodeURIComponent(w)}`) },
    { name: 'stats: 30 days', paths: ['/v1/stats?days=30'] },
  ];
  const seconds = Number(process.env.BENCH_API_SECONDS ?? 8);
  console.log(`data: ${counts.items} items, ${counts.flags} flags, ${narratives.length} narratives, ${feeds.length} feeds`);
  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB; autocannon 2 connections, ${seconds} s per query, same process as the API`);
  console.log('query                                 req/s     p50 ms   p99 ms   non-2xx');
  try {
    for (const s of scenarios) {
      await measure(base, key, { ...s, paths: s.paths.slice(0, 3) }, 1); // warm caches and plans
      const r = await measure(base, key, s, seconds);
      console.log(`${s.name.padEnd(36)} ${r.requests.average.toFixed(0).padStart(6)} ${String(r.latency.p50).padStart(10)} ${String(r.latency.p99).padStart(8)} ${String(r.non2xx).padStart(9)}`);
    }
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    await closeApp(app);
    await sql`delete from api_keys where name = 'bench'`.execute(db);
    await db.destroy();
  }
}
