import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUE_NAMES, type FetchFeedJob } from '@narmon/schemas';

/** BullMQ needs `maxRetriesPerRequest: null` on connections used by workers (blocking commands). */
export function createRedisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

export type FetchFeedQueue = Queue<FetchFeedJob>;

/** The fetch queue; every queue of the flow shares one `{hashtag}` prefix (Redis Cluster slots). */
export function createFetchFeedQueue(connection: Redis, prefix: string): FetchFeedQueue {
  const queue = new Queue<FetchFeedJob>(QUEUE_NAMES.fetchFeed, {
    connection,
    prefix,
    defaultJobOptions: {
      // Postgres holds the results; Redis keeps only a short tail of finished jobs.
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 500 },
      attempts: 1,
    },
  });
  return queue;
}
