import type { Logger } from '@narmon/shared';
import type { FetchFeedQueue } from '../queues/index.js';

export interface ScheduledFeed {
  id: number;
  /** The feed's current polling interval (adaptive; from Postgres). */
  intervalMs: number;
  /** When the feed is due next, if it has been polled before. */
  nextPollAt?: Date | null;
}

export function schedulerIdForFeed(feedId: number): string {
  return `feed:${feedId}`;
}

/**
 * Makes Redis's job schedulers match the feeds in Postgres: one scheduler per active feed,
 * none for any other. Run at worker start (Redis may have come back empty) and periodically.
 * Upserting a scheduler with an unchanged interval leaves its next run alone.
 */
export async function syncFeedSchedulers(queue: FetchFeedQueue, feeds: ScheduledFeed[], log: Logger, now = new Date()): Promise<{ upserted: number; removed: number }> {
  const wanted = new Map(feeds.map((f) => [schedulerIdForFeed(f.id), f]));
  for (const feed of wanted.values()) {
    await upsertFeedScheduler(queue, feed, now);
  }
  let removed = 0;
  for (const s of await queue.getJobSchedulers(0, -1)) {
    if (!wanted.has(s.key)) {
      await queue.removeJobScheduler(s.key);
      removed++;
    }
  }
  log.debug({ upserted: wanted.size, removed }, 'feed schedulers synchronised');
  return { upserted: wanted.size, removed };
}

/**
 * (Re)schedules one feed. A changed interval takes effect from `nextPollAt` (BullMQ would
 * otherwise start a changed scheduler at once); a feed never polled is due now.
 */
export async function upsertFeedScheduler(queue: FetchFeedQueue, feed: ScheduledFeed, now = new Date()): Promise<void> {
  const due = feed.nextPollAt && feed.nextPollAt.getTime() > now.getTime() ? feed.nextPollAt.getTime() : undefined;
  await queue.upsertJobScheduler(
    schedulerIdForFeed(feed.id),
    { every: feed.intervalMs, ...(due ? { startDate: due } : {}) },
    { name: 'fetch-feed', data: { feedId: feed.id } },
  );
}
