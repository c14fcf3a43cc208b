import { iso6393, narrativeId, dateTime, nullableDateTime, timeParam, z } from './common.js';

export const narrativeSummarySchema = z.object({
  id: z.string(),
  version: z.number().int(),
  status: z.enum(['draft', 'active', 'retired']),
  title: z.record(z.string(), z.string()),
  languages: z.array(z.string()),
  tlp: z.string().nullable(),
  disarm: z.array(z.string()),
  updatedAt: dateTime,
  flags24h: z.number().int(),
  flags7d: z.number().int(),
}).openapi('NarrativeSummary');

export const narrativeListSchema = z.object({ data: z.array(narrativeSummarySchema) }).openapi('NarrativeList');

export const narrativeVersionSchema = z.object({
  version: z.number().int(),
  status: z.enum(['draft', 'active', 'retired']),
  createdBy: z.string().nullable(),
  createdAt: dateTime,
  document: z.record(z.string(), z.unknown()).openapi({ description: 'the fingerprint document of this version' }),
}).openapi('NarrativeVersion');

export const narrativeDetailSchema = z.object({
  id: z.string(),
  currentVersion: z.number().int(),
  status: z.enum(['draft', 'active', 'retired']),
  createdAt: dateTime,
  updatedAt: dateTime,
  versions: z.array(narrativeVersionSchema).openapi({ description: 'newest first' }),
}).openapi('NarrativeDetail');

export const documentChangeSchema = z.object({
  path: z.string().openapi({ example: 'languages.rus.terms[t=вакцин*]' }),
  op: z.enum(['added', 'removed', 'changed']),
  from: z.unknown().optional(),
  to: z.unknown().optional(),
}).openapi('DocumentChange');

export const narrativeDiffQuerySchema = z.object({
  from: z.coerce.number().int().min(1).openapi({ type: 'integer' }),
  to: z.coerce.number().int().min(1).openapi({ type: 'integer' }),
}).strict();

export const narrativeDiffSchema = z.object({
  id: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  changes: z.array(documentChangeSchema),
}).openapi('NarrativeDiff');

export const publishResultSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  changed: z.boolean().openapi({ description: 'false when the document equals the current version (nothing stored)' }),
}).openapi('PublishResult');

export const fingerprintBodySchema = z.record(z.string(), z.unknown())
  .openapi('FingerprintDocument', { description: 'a narrative fingerprint document (see schemas/json/fingerprint.schema.json)' });

export const validationResultSchema = z.object({
  valid: z.boolean(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })),
  fingerprint: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'the document with defaults applied, when valid' }),
}).openapi('ValidationResult');

const learnExampleSchema = z.union([
  z.string().min(1).max(100_000),
  z.object({ text: z.string().min(1).max(100_000), language: iso6393.optional() }).strict(),
]);

export const learnBodySchema = z.object({
  id: narrativeId,
  title: z.string().trim().min(1).max(300),
  examples: z.array(learnExampleSchema).min(1).max(500).openapi({ description: 'texts that carry the narrative; language detected when not given' }),
  background: z.array(learnExampleSchema).max(5000).optional()
    .openapi({ description: 'texts the narrative must be told apart from (the built-in background is always added)' }),
  maxTerms: z.number().int().min(1).max(200).optional(),
  maxPhrases: z.number().int().min(0).max(50).optional(),
}).strict().openapi('LearnRequest');

export const learnResultSchema = z.object({
  draft: z.record(z.string(), z.unknown()).openapi({ description: 'a draft fingerprint document (not stored)' }),
}).catchall(z.unknown()).openapi('LearnResult');

export const trendQuerySchema = z.object({
  bucket: z.enum(['hour', 'day', 'week']).default('day'),
  since: timeParam.optional(),
  until: timeParam.optional(),
  timeField: z.enum(['flagged', 'published']).default('flagged'),
}).strict();

export const trendSchema = z.object({
  narrative: z.string(),
  bucket: z.enum(['hour', 'day', 'week']),
  since: dateTime,
  until: dateTime,
  buckets: z.array(z.object({
    start: dateTime,
    total: z.number().int(),
    byLanguage: z.record(z.string(), z.number().int()),
    byFeed: z.record(z.string(), z.number().int()).openapi({ description: 'flags per feed id' }),
  })),
}).openapi('Trend');

export const statsQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(366).default(30).openapi({ type: 'integer' }),
}).strict();

export const statsSchema = z.object({
  since: dateTime,
  days: z.array(z.object({ day: z.string().openapi({ format: 'date' }), items: z.number().int(), flags: z.number().int() })),
  languages: z.array(z.object({ language: z.string(), items: z.number().int(), flags: z.number().int() })),
  feeds: z.array(z.object({
    id: z.number().int(),
    url: z.string(),
    title: z.string().nullable(),
    active: z.boolean(),
    lastFetchedAt: nullableDateTime,
    lastStatus: z.string().nullable(),
    items: z.number().int(),
    flags: z.number().int(),
  })),
}).openapi('Stats');
