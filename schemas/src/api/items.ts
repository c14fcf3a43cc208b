import { iso6393, dateTime, nullableDateTime, timeParam, z } from './common.js';
import { flagSchema } from './flags.js';

export const itemSearchQuerySchema = z.object({
  q: z.string().trim().min(1).max(200).optional(),
  language: iso6393.optional(),
  feed: z.string().regex(/^[1-9]\d{0,14}$/, 'must be a feed id').transform(Number).optional()
    .openapi({ type: 'string', description: 'feed id: its own items and the stories it carried that another feed published first' }),
  since: timeParam.optional().openapi({ description: 'first seen at or after' }),
  until: timeParam.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ type: 'integer' }),
  cursor: z.string().max(100).optional(),
}).strict();

export const itemSummarySchema = z.object({
  id: z.number().int(),
  title: z.string(),
  link: z.string().nullable(),
  language: z.string(),
  languageConfidence: z.number(),
  published: nullableDateTime,
  firstSeen: dateTime,
  feed: z.object({ id: z.number().int(), url: z.string(), title: z.string().nullable() }),
}).openapi('ItemSummary');

export const itemPageSchema = z.object({
  data: z.array(itemSummarySchema),
  nextCursor: z.string().nullable(),
}).openapi('ItemPage');

export const itemDetailSchema = itemSummarySchema.extend({
  text: z.string(),
  seenIn: z.array(z.object({
    id: z.number().int(),
    url: z.string(),
    title: z.string().nullable(),
    firstSeen: dateTime,
    lastSeen: dateTime,
  })).openapi({ description: 'every feed that carried this story (the same story in a second feed is a sighting, not a second item), first seen first' }),
  dateInferred: z.boolean(),
  // The item's flags: a flag as GET /v1/flags shows it, less the item and feed it is nested in.
  flags: z.array(flagSchema.pick({ id: true, narrative: true, version: true, score: true, status: true, flaggedAt: true, explanation: true })),
  runnersUp: z.array(z.object({
    narrative: z.string(),
    version: z.number(),
    score: z.number(),
    coverage: z.number(),
    language: z.string(),
  }).catchall(z.unknown())),
}).openapi('ItemDetail');
