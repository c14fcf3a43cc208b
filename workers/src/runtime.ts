import type { Config, Logger } from '@narmon/shared';
import { feedRepository } from '@narmon/shared/db';
import { createNarrativeLibrary } from '@narmon/shared/narratives';
import { connectDatabase, ingestDepsFromConfig } from '@narmon/shared/runtime';
import { createFetchWorker } from './fetch/index.js';
import { createHostLimiter } from './politeness/host-limiter.js';
import { createFetchFeedQueue, createRedisConnection } from './queues/index.js';
import { syncFeedSchedulers, upsertFeedScheduler } from './scheduler/index.js';

export interface WorkerRuntime {
  /** Re-reads feeds from Postgres and makes the schedulers match. */
  resync(): Promise<void>;
  close(): Promise<void>;
}

const RESYNC_MS = 30_000;

/**
 * Starts the ingest workers: schedules every active feed from Postgres (Redis may have come
 * back empty), processes fetch jobs politely per host, adapts each feed's schedule after each
 * poll, re-reads feeds periodically (feeds added through the API or CLI need no restart) and
 * rebuilds the matcher when a fingerprint version is published.
 */
export async function startWorkerRuntime(config: Config, log: Logger): Promise<WorkerRuntime> {
  const db = await connectDatabase(config.DATABASE_URL);
  const library = await createNarrativeLibrary({
    db,
    onChange: (info) => log.info(info, 'narrative library changed: matcher rebuilt'),
    onError: (err) => log.error({ err }, 'narrative library: fingerprint left out or refresh failed'),
  });
  const queueConnection = createRedisConnection(config.REDIS_URL);
  const workerConnection = createRedisConnection(config.REDIS_URL);
  const queue = createFetchFeedQueue(queueConnection, config.QUEUE_PREFIX);
  queue.on('error', (err) => log.error({ err }, 'fetch queue error'));
  const hostLimiter = createHostLimiter(queueConnection, {
    prefix: config.QUEUE_PREFIX,
    maxInFlight: config.HOST_MAX_IN_FLIGHT,
    minGapMs: config.HOST_MIN_GAP_MS,
  });
  const ingest = ingestDepsFromConfig(config, db, log, () => library.current());
  const worker = createFetchWorker({
    connection: workerConnection,
    prefix: config.QUEUE_PREFIX,
    concurrency: config.WORKER_CONCURRENCY,
    ingest,
    hostLimiter,
    // The poll decided when the feed is due next (adaptive, backed off, Retry-After): follow it.
    onOutcome: async (o) => {
      if (config.RUN_SCHEDULERS) await upsertFeedScheduler(queue, { id: o.feedId, intervalMs: o.nextIntervalMs, nextPollAt: new Date(Date.now() + o.nextIntervalMs) });
    },
  });

  const resync = async () => {
    if (!config.RUN_SCHEDULERS) return;
    const feeds = await feedRepository.listFeeds(db, { activeOnly: true });
    await syncFeedSchedulers(queue, feeds.map((f) => ({
      id: f.id,
      intervalMs: f.next_interval_ms ?? f.interval_minutes * 60_000,
      nextPollAt: f.next_poll_at ? new Date(f.next_poll_at) : null,
    })), log);
  };
  await resync();
  const timer = setInterval(() => { resync().catch((err) => log.error({ err }, 'feed scheduler resync failed')); }, RESYNC_MS);
  timer.unref();

  return {
    resync,
    async close() {
      clearInterval(timer);
      await worker.close();
      await queue.close();
      await library.close();
      // ioredis clients passed in are not closed by BullMQ: quit them last.
      await workerConnection.quit();
      await queueConnection.quit();
      await db.destroy();
    },
  };
}
