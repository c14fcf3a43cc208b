import type { Logger } from '@narmon/shared';
import type { FetchFeedQueue } from '../queues/index.js';

export interface ScheduledFeed {
  id: number;
  intervalMs: number;
}

export function schedulerIdForFeed(feedId: number): string {
  return `feed:${feedId}`;
}

/**
 * Makes Redis's job schedulers match the feeds in Postgres: one scheduler per active feed,
 * none for any other. Run at worker start (Redis may have come back empty) and after feed changes.
 */
export async function syncFeedSchedulers(queue: FetchFeedQueue, feeds: ScheduledFeed[], log: Logger): Promise<{ upserted: number; removed: number }> {
  const wanted = new Map(feeds.map((f) => [schedulerIdForFeed(f.id), f]));
  for (const [id, feed] of wanted) {
    await upsertFeedScheduler(queue, feed);
  }
  let removed = 0;
  const existing = await queue.getJobSchedulers(0, -1);
  for (const s of existing) {
    if (!wanted.has(s.key)) {
      await queue.removeJobScheduler(s.key);
      removed++;
    }
  }
  log.info({ upserted: wanted.size, removed }, 'feed schedulers synchronised');
  return { upserted: wanted.size, removed };
}

/** (Re)schedules one feed; `upsertJobScheduler` replaces the previous interval atomically. */
export async function upsertFeedScheduler(queue: FetchFeedQueue, feed: ScheduledFeed): Promise<void> {
  await queue.upsertJobScheduler(
    schedulerIdForFeed(feed.id),
    { every: feed.intervalMs },
    { name: 'fetch-feed', data: { feedId: feed.id } },
  );
}
