import type { Config, Logger } from '@narmon/shared';
import { feedRepository } from '@narmon/shared/db';
import { connectDatabase, ingestDepsFromConfig, loadMatcherIndexFromDb } from '@narmon/shared/runtime';
import type { MatcherIndex } from '@narmon/shared/pipeline/analyze';
import { createFetchWorker } from './fetch/index.js';
import { createFetchFeedQueue, createRedisConnection } from './queues/index.js';
import { syncFeedSchedulers } from './scheduler/index.js';

export interface WorkerRuntime {
  /** Re-reads feeds from Postgres and makes the schedulers match. */
  resync(): Promise<void>;
  close(): Promise<void>;
}

const RESYNC_MS = 30_000;

/**
 * Starts the ingest workers: schedules every active feed from Postgres (Redis may have come
 * back empty), processes fetch jobs, and re-reads feeds periodically so feeds added through
 * the API or CLI are picked up without a restart.
 */
export async function startWorkerRuntime(config: Config, log: Logger): Promise<WorkerRuntime> {
  const db = await connectDatabase(config.DATABASE_URL);
  let index: MatcherIndex = await loadMatcherIndexFromDb(db);
  const queueConnection = createRedisConnection(config.REDIS_URL);
  const workerConnection = createRedisConnection(config.REDIS_URL);
  const queue = createFetchFeedQueue(queueConnection, config.QUEUE_PREFIX);
  queue.on('error', (err) => log.error({ err }, 'fetch queue error'));
  const ingest = ingestDepsFromConfig(config, db, log, () => index);
  const worker = createFetchWorker({ connection: workerConnection, prefix: config.QUEUE_PREFIX, concurrency: config.WORKER_CONCURRENCY, ingest });

  const resync = async () => {
    index = await loadMatcherIndexFromDb(db);
    const feeds = await feedRepository.listFeeds(db, { activeOnly: true });
    if (config.RUN_SCHEDULERS) {
      await syncFeedSchedulers(queue, feeds.map((f) => ({ id: f.id, intervalMs: f.interval_minutes * 60_000 })), log);
    }
  };
  await resync();
  const timer = setInterval(() => { resync().catch((err) => log.error({ err }, 'resync failed')); }, RESYNC_MS);
  timer.unref();

  return {
    resync,
    async close() {
      clearInterval(timer);
      await worker.close();
      await queue.close();
      // ioredis clients passed in are not closed by BullMQ: quit them last.
      await workerConnection.quit();
      await queueConnection.quit();
      await db.destroy();
    },
  };
}
