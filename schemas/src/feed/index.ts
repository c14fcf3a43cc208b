import { z } from 'zod';
import { iso6393Schema } from '../fingerprint/index.js';

export const feedUrlSchema = z.string().max(2048).url().refine((u) => /^https?:\/\//i.test(u), { message: 'only http and https feeds are fetched' });

/** A feed as an operator declares it (CLI, API, OPML import, demo catalogue). */
export const feedDefinitionSchema = z.object({
  url: feedUrlSchema,
  title: z.string().max(500).optional(),
  /** Language the operator says the feed is in (BCP 47 or ISO 639-3); a prior, never a verdict. */
  language: z.string().regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, 'must be a language tag such as "lv", "ru-RU" or "lav"').optional(),
  intervalMinutes: z.number().int().min(5).max(1440).optional(),
  /** Keep intervalMinutes instead of adapting to the feed's rate of new items. */
  intervalPinned: z.boolean().optional(),
  tags: z.array(z.string().min(1).max(64)).default([]),
});
export type FeedDefinition = z.infer<typeof feedDefinitionSchema>;

export { iso6393Schema };
