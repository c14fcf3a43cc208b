import { z } from 'zod';

/** Payload of a fetch-feed job: only the id; everything else is read from Postgres when the job runs. */
export const fetchFeedJobSchema = z.object({ feedId: z.number().int().positive() });
export type FetchFeedJob = z.infer<typeof fetchFeedJobSchema>;

/** Broadcast when a fingerprint version is published, so every worker rebuilds its matcher index. */
export const libraryChangedEventSchema = z.object({
  narrativeId: z.string(),
  version: z.number().int(),
  at: z.string(),
});
export type LibraryChangedEvent = z.infer<typeof libraryChangedEventSchema>;

export const QUEUE_NAMES = { fetchFeed: 'fetch-feed' } as const;
