import { dateTime, nullableDateTime, z } from './common.js';

const languageTag = z.string().regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, 'must be a language tag such as "lv", "ru-RU" or "lav"');
const tags = z.array(z.string().min(1).max(64)).max(50);
const intervalMinutes = z.number().int().min(5).max(1440);
const intervalPinned = z.boolean().openapi({ description: 'keep intervalMinutes instead of adapting to the feed\'s rate of new items (failures still back off)' });

export const feedAddBodySchema = z.object({
  url: z.string().url().max(2048).openapi({ description: 'http(s) feed URL; private and loopback addresses are refused unless allowlisted' }),
  title: z.string().max(500).optional(),
  intervalMinutes: intervalMinutes.optional(),
  intervalPinned: intervalPinned.optional(),
  language: languageTag.optional().openapi({ description: 'the declared language of the feed (a hint for language detection)' }),
  tags: tags.optional(),
}).strict().openapi('FeedAddRequest');

export const feedPatchBodySchema = z.object({
  intervalMinutes: intervalMinutes.optional(),
  intervalPinned: intervalPinned.optional().openapi({ description: 'pin (true) or let adapt again (false); a pinned interval takes over the schedule within a resync (30 s)' }),
  language: languageTag.nullable().optional(),
  tags: tags.optional(),
  active: z.boolean().optional(),
}).strict().openapi('FeedPatchRequest');

export const feedHealthSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  title: z.string().nullable(),
  language: z.string().nullable(),
  tags: z.array(z.string()),
  intervalMinutes: z.number().int(),
  intervalPinned: z.boolean(),
  active: z.boolean(),
  lastStatus: z.string().nullable(),
  lastFetchedAt: nullableDateTime,
  lastSuccessAt: nullableDateTime,
  lastError: z.object({ code: z.string(), message: z.string().nullable() }).nullable(),
  consecutiveFailures: z.number().int(),
  failureWeight: z.number(),
  newItemsPerHour: z.number().nullable(),
  nextIntervalMs: z.number().nullable(),
  nextPollAt: nullableDateTime,
  recentEvents: z.number().int().openapi({ description: 'fetch events kept (the last 30)' }),
  recentErrors: z.number().int(),
}).openapi('FeedHealth');

export const feedListSchema = z.object({ data: z.array(feedHealthSchema) }).openapi('FeedList');

export const feedFetchEventSchema = z.object({
  at: dateTime,
  status: z.enum(['ok', 'not-modified', 'error']),
  httpStatus: z.number().int().nullable(),
  errorClass: z.string().nullable(),
  error: z.string().nullable(),
  bytes: z.number().int(),
  durationMs: z.number().int(),
  etag: z.string().nullable(),
  itemsSeen: z.number().int(),
  itemsNew: z.number().int(),
  finalUrl: z.string().nullable(),
}).openapi('FeedFetchEvent');

export const feedDetailSchema = feedHealthSchema.extend({
  events: z.array(feedFetchEventSchema).openapi({ description: 'the last fetches, newest first' }),
}).openapi('FeedDetail');

export const opmlImportResultSchema = z.object({
  added: z.number().int(),
  rejected: z.array(z.object({ url: z.string(), reason: z.string() })),
}).openapi('OpmlImportResult');
