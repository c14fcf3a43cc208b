import { DelayedError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { fetchFeedJobSchema, QUEUE_NAMES, type FetchFeedJob } from '@narmon/schemas';
import { feedRepository } from '@narmon/shared/db';
import { ingestFeed, type IngestDeps, type IngestOutcome } from '@narmon/shared/pipeline/ingest';
import type { HostLimiter } from '../politeness/host-limiter.js';

export interface FetchWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  ingest: IngestDeps;
  /** Per-host politeness shared by every worker process (at most N in flight, a gap between starts). */
  hostLimiter: HostLimiter;
  /** Called after each poll, e.g. to adapt the feed's schedule. */
  onOutcome?: (outcome: IngestOutcome) => Promise<void>;
}

export type FetchJobResult = IngestOutcome | { feedId: number; status: 'gone' };

/**
 * A thin BullMQ adapter: validate the payload, wait for the feed's host to be free, run the
 * shared ingest stage, report the outcome.
 */
export function createFetchWorker(options: FetchWorkerOptions): Worker<FetchFeedJob, FetchJobResult> {
  const { ingest, onOutcome, hostLimiter } = options;
  const worker = new Worker<FetchFeedJob, FetchJobResult>(
    QUEUE_NAMES.fetchFeed,
    async (job: Job<FetchFeedJob>, token?: string) => {
      const { feedId } = fetchFeedJobSchema.parse(job.data);
      const feed = await feedRepository.getFeed(ingest.db, feedId);
      // A feed removed since the job was scheduled: nothing to do (the next resync drops its scheduler).
      if (!feed || !feed.active) return { feedId, status: 'gone' };
      const slot = await hostLimiter.acquire(feed.url);
      if (!slot.go) {
        // The host is busy or was hit a moment ago: come back later without counting an attempt.
        await job.moveToDelayed(Date.now() + slot.retryInMs, token);
        throw new DelayedError();
      }
      let outcome: IngestOutcome;
      try {
        outcome = await ingestFeed(ingest, feedId);
      } finally {
        await slot.release();
      }
      if (onOutcome) await onOutcome(outcome);
      return outcome;
    },
    { connection: options.connection, prefix: options.prefix, concurrency: options.concurrency },
  );
  worker.on('error', (err) => ingest.log.error({ err }, 'fetch worker error'));
  worker.on('failed', (job, err) => ingest.log.error({ jobId: job?.id, feedId: job?.data.feedId, err }, 'fetch job failed'));
  return worker;
}
