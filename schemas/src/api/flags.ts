import { iso6393, narrativeId, dateTime, nullableDateTime, timeParam, z } from './common.js';

export const FLAG_STATUSES = ['new', 'confirmed', 'dismissed'] as const;
export const flagStatusSchema = z.enum(FLAG_STATUSES);

export const flagListQuerySchema = z.object({
  narrative: narrativeId.optional(),
  language: iso6393.optional(),
  feed: z.string().regex(/^[1-9]\d{0,14}$/, 'must be a feed id').transform(Number).optional()
    .openapi({ type: 'string', description: 'feed id: flags of its own items and of the stories it carried that another feed published first' }),
  status: flagStatusSchema.optional(),
  minScore: z.coerce.number().min(0).max(1e6).optional().openapi({ type: 'number' }),
  since: timeParam.optional(),
  until: timeParam.optional(),
  timeField: z.enum(['flagged', 'published']).default('flagged')
    .openapi({ description: 'which time since/until bound: when the flag was raised or when the item was published' }),
  q: z.string().trim().min(1).max(200).optional()
    .openapi({ description: 'full-text search over item title and text (web-search syntax: words, "phrases", -exclusions, or)' }),
  sort: z.enum(['flagged', 'published', 'score']).default('flagged'),
  order: z.enum(['desc', 'asc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(500).default(100).openapi({ type: 'integer' }),
  cursor: z.string().max(500).optional().openapi({ description: 'nextCursor of the previous page (same filters and sort)' }),
}).strict();
export type FlagListQuery = z.infer<typeof flagListQuerySchema>;

export const matchedTermSchema = z.object({}).catchall(z.unknown()).openapi({ description: 'one matched term, phrase or entity' });

export const flagExplanationSchema = z.object({
  language: z.string(),
  coverage: z.number(),
  terms: z.array(matchedTermSchema),
}).catchall(z.unknown()).openapi('FlagExplanation');

export const flagReviewSchema = z.object({
  at: nullableDateTime,
  by: z.string().nullable(),
  note: z.string().nullable(),
}).openapi('FlagReview');

export const flagSchema = z.object({
  id: z.number().int(),
  narrative: z.string(),
  version: z.number().int(),
  score: z.number(),
  status: flagStatusSchema,
  flaggedAt: dateTime,
  explanation: flagExplanationSchema,
  review: flagReviewSchema,
  item: z.object({
    id: z.number().int(),
    title: z.string(),
    link: z.string().nullable(),
    language: z.string(),
    languageConfidence: z.number(),
    published: dateTime.openapi({ description: 'published time, or first seen when the feed gave none' }),
  }),
  feed: z.object({ id: z.number().int(), url: z.string(), title: z.string().nullable() }),
}).openapi('Flag');

export const flagPageSchema = z.object({
  data: z.array(flagSchema),
  nextCursor: z.string().nullable().openapi({ description: 'pass as cursor for the next page; null on the last page' }),
}).openapi('FlagPage');

export const auditEntrySchema = z.object({
  at: dateTime,
  actor: z.string(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
}).openapi('AuditEntry');

export const flagDetailSchema = flagSchema.extend({
  history: z.array(auditEntrySchema).openapi({ description: 'review audit trail, oldest first' }),
}).openapi('FlagDetail');

export const flagReviewBodySchema = z.object({
  status: flagStatusSchema.openapi({ description: 'confirmed or dismissed (new re-opens a flag)' }),
  note: z.string().max(4000).optional(),
}).strict().openapi('FlagReviewRequest');
