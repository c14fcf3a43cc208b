import type { Command } from 'commander';
import { createLogger, loadConfig, NarmonError, redactUrl } from '@narmon/shared';
import { connectDatabase, migrateToLatest } from '@narmon/shared/db';

// The API, the workers, the ingest runtime and the demo are imported when their command runs, so
// the line-oriented commands (detect-language, match, parse-feed) start fast, and `migrate` and
// `serve` never load the ingest pipeline (the API loads its language detector on first use).

function onShutdown(close: () => Promise<void>): void {
  let closing = false;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      if (closing) return;
      closing = true;
      close().then(() => process.exit(0), (err) => { console.error(`narmon: shutdown failed: ${(err as Error).message}`); process.exit(1); });
    });
  }
}

/** `narmon migrate | serve | worker | ingest --once | demo`: thin wiring around shared/, workers/ and api/. */
export function registerServiceCommands(program: Command): void {
  program.command('migrate')
    .description('run database migrations to the latest version')
    .action(async () => {
      const config = loadConfig();
      const db = await connectDatabase(config.DATABASE_URL, { max: 1 });
      try {
        const { results } = await migrateToLatest(db);
        for (const r of results ?? []) console.log(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`);
        if (!results?.length) console.log('database is up to date');
      } finally {
        await db.destroy();
      }
    });

  program.command('serve')
    .description('run the analyst and partner API')
    .action(async () => {
      const config = loadConfig();
      const log = createLogger(config.LOG_LEVEL);
      const { createApp, lazyLanguageDetector } = await import('@narmon/api');
      const db = await connectDatabase(config.DATABASE_URL);
      const { createNarrativeLibrary } = await import('@narmon/shared/narratives');
      const library = await createNarrativeLibrary({ db, onError: (err) => log.error({ err }, 'narrative library: fingerprint left out or refresh failed') });
      const app = createApp({ db, log, config, languageDetector: lazyLanguageDetector(config), matcherIndex: () => library.current(), redis: { url: config.REDIS_URL, prefix: config.QUEUE_PREFIX } });
      const server = app.listen(config.API_PORT, config.API_HOST, () => {
        const addr = server.address();
        const port = typeof addr === 'object' && addr ? addr.port : config.API_PORT;
        log.info({ url: `http://${config.API_HOST}:${port}` }, 'API listening');
      });
      onShutdown(async () => {
        await library.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await db.destroy();
      });
    });

  program.command('worker')
    .description('run the BullMQ ingest workers and the per-feed schedulers')
    .action(async () => {
      const config = loadConfig();
      const log = createLogger(config.LOG_LEVEL);
      const { startWorkerRuntime } = await import('@narmon/workers');
      const runtime = await startWorkerRuntime(config, log);
      log.info('workers running');
      onShutdown(() => runtime.close());
    });

  program.command('healthcheck')
    .description('exit 0 when PostgreSQL and Redis answer (container healthcheck)')
    .action(async () => {
      const config = loadConfig();
      const db = await connectDatabase(config.DATABASE_URL, { max: 1 });
      await db.destroy();
      const { Redis } = await import('ioredis');
      const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000 });
      try {
        await redis.connect();
        await redis.ping();
      } catch (err) {
        throw new NarmonError('redis-unavailable', `cannot reach Redis at ${redactUrl(config.REDIS_URL)}: ${(err as Error).message}`);
      } finally {
        redis.disconnect();
      }
      console.log('ok');
    });

  program.command('ingest')
    .description('poll every active feed once in this process (no Redis), then exit')
    .option('--once', 'poll once and exit (the only mode)', true)
    .action(async () => {
      const config = loadConfig();
      const log = createLogger(config.LOG_LEVEL);
      const { ingestAllFeedsOnce, ingestDepsFromConfig, loadMatcherIndexFromDb } = await import('@narmon/shared/runtime');
      const db = await connectDatabase(config.DATABASE_URL);
      try {
        const index = await loadMatcherIndexFromDb(db);
        const outcomes = await ingestAllFeedsOnce(ingestDepsFromConfig(config, db, log, () => index));
        for (const o of outcomes) console.log(JSON.stringify(o));
      } finally {
        await db.destroy();
      }
    });

  program.command('demo')
    .description('embedded demo: PGlite, bundled sample feeds and fingerprints, in-process ingest, then the API')
    .option('--port <port>', 'API port', (v) => Number.parseInt(v, 10))
    .option('--exit', 'print the summary and exit instead of serving the API')
    .action(async (opts: { port?: number; exit?: boolean }) => {
      const config = loadConfig();
      const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
      const { runDemo } = await import('../demo/run-demo.js');
      const { flaggedNarrativesByLanguage, formatTable } = await import('../demo/print-summary.js');
      const started = Date.now();
      const demo = await runDemo({ log, port: opts.port ?? config.DEMO_PORT, env: process.env });
      const rows = await flaggedNarrativesByLanguage(demo.db);
      const items = demo.outcomes.reduce((n, o) => n + (o.status === 'ok' ? o.items : 0), 0);
      console.log(`narmon demo: ${demo.outcomes.length} sample feeds, ${items} items ingested on embedded PostgreSQL (PGlite) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      console.log('Flagged narratives per language:\n');
      console.log(formatTable(rows, ['language', 'narrative', 'flags', 'best_score']));
      const failed = demo.outcomes.filter((o) => o.status === 'error');
      for (const f of failed) console.log(`feed ${f.feedId} failed: ${'message' in f ? f.message : ''}`);
      if (opts.exit) {
        await demo.close();
        return;
      }
      console.log(`\nAPI: ${demo.apiUrl}   (Ctrl-C to stop)`);
      console.log(`analyst key for this run: ${demo.apiKey}`);
      console.log(`try: curl -H 'Authorization: Bearer ${demo.apiKey}' ${demo.apiUrl}/v1/flags`);
      onShutdown(() => demo.close());
    });
}
