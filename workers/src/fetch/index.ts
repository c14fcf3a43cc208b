import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { fetchFeedJobSchema, QUEUE_NAMES, type FetchFeedJob } from '@narmon/schemas';
import { ingestFeed, type IngestDeps, type IngestOutcome } from '@narmon/shared/pipeline/ingest';

export interface FetchWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  ingest: IngestDeps;
  /** Called after each poll, e.g. to adapt the feed's schedule. */
  onOutcome?: (outcome: IngestOutcome) => Promise<void>;
}

/** A thin BullMQ adapter: validate the payload, run the shared ingest stage, report the outcome. */
export function createFetchWorker(options: FetchWorkerOptions): Worker<FetchFeedJob, IngestOutcome> {
  const { ingest, onOutcome } = options;
  const worker = new Worker<FetchFeedJob, IngestOutcome>(
    QUEUE_NAMES.fetchFeed,
    async (job: Job<FetchFeedJob>) => {
      const { feedId } = fetchFeedJobSchema.parse(job.data);
      const outcome = await ingestFeed(ingest, feedId);
      if (onOutcome) await onOutcome(outcome);
      return outcome;
    },
    { connection: options.connection, prefix: options.prefix, concurrency: options.concurrency },
  );
  worker.on('error', (err) => ingest.log.error({ err }, 'fetch worker error'));
  worker.on('failed', (job, err) => ingest.log.error({ jobId: job?.id, feedId: job?.data.feedId, err }, 'fetch job failed'));
  return worker;
}
