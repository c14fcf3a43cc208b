import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '@narmon/api';
import { loadConfig, type Config, type Logger } from '@narmon/shared';
import { apiKeyRepository, createDb, feedRepository, migrateToLatest, narrativeRepository, startEmbeddedPostgres, type Db } from '@narmon/shared/db';
import { loadFingerprints } from '@narmon/shared/narratives';
import type { IngestOutcome } from '@narmon/shared/pipeline/ingest';
import { ingestAllFeedsOnce, ingestDepsFromConfig, loadMatcherIndexFromDb } from '@narmon/shared/runtime';
import { startSampleFeedServer } from './feed-server.js';

const DEMO_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../demo');

export interface DemoOptions {
  log: Logger;
  /** API port (0 = any free port). */
  port: number;
  host?: string;
  /** Use this database instead of an embedded PGlite (tests pass a real PostgreSQL database). */
  databaseUrl?: string;
  env?: NodeJS.ProcessEnv;
}

export interface Demo {
  db: Db;
  config: Config;
  apiUrl: string;
  /** An analyst key minted for this demo run (the API wants one for everything but health and docs). */
  apiKey: string;
  outcomes: IngestOutcome[];
  close(): Promise<void>;
}

/**
 * The embedded default: PGlite in this process (unless a database URL is given), the bundled
 * fingerprints and sample feeds served on loopback, one in-process ingest with the same stages
 * the workers run, then the API.
 */
export async function runDemo(options: DemoOptions): Promise<Demo> {
  const feedServer = await startSampleFeedServer(join(DEMO_DIR, 'feeds'));
  // The sample feeds are served on loopback: allow exactly that address, nothing else private.
  const config = loadConfig({ ...(options.env ?? {}), FETCH_ALLOWLIST: '127.0.0.1' });
  const embedded = options.databaseUrl ? null : await startEmbeddedPostgres();
  const db = createDb(options.databaseUrl ?? embedded!.url, { max: embedded ? 1 : 5 });
  let server: Server | null = null;
  const close = async () => {
    if (server) await new Promise<void>((resolve) => { server!.closeAllConnections(); server!.close(() => resolve()); });
    await feedServer.close();
    await db.destroy();
    if (embedded) await embedded.stop();
  };
  try {
    await migrateToLatest(db);
    for (const fp of await loadFingerprints(join(DEMO_DIR, 'narratives'))) {
      await narrativeRepository.publishFingerprint(db, fp, 'demo');
    }
    for (const url of feedServer.feedUrls) await feedRepository.upsertFeed(db, { url, tags: ['demo'] });
    const index = await loadMatcherIndexFromDb(db);
    const ingest = ingestDepsFromConfig(config, db, options.log, () => index);
    const outcomes = await ingestAllFeedsOnce(ingest);
    const { key: apiKey } = await apiKeyRepository.createApiKey(db, { name: 'demo analyst', role: 'analyst' });

    const app = createApp({ db, log: options.log, config, languageDetector: async () => ingest.languageDetector, matcherIndex: () => index });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(options.port, options.host ?? '127.0.0.1', () => resolve(s));
    });
    const { port } = server.address() as AddressInfo;
    return { db, config, apiUrl: `http://${options.host ?? '127.0.0.1'}:${port}`, apiKey, outcomes, close };
  } catch (err) {
    await close();
    throw err;
  }
}
