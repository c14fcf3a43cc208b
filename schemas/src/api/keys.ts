import { dateTime, nullableDateTime, z } from './common.js';

export const roleSchema = z.enum(['admin', 'analyst', 'partner']);

export const apiKeyCreateBodySchema = z.object({
  name: z.string().trim().min(1).max(200),
  role: roleSchema,
  organization: z.string().trim().min(1).max(100).regex(/^[\w.-]+$/, 'letters, digits, ".", "_" and "-" only').optional(),
}).strict().openapi('ApiKeyCreateRequest');

export const apiKeySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  role: roleSchema,
  organization: z.string().nullable(),
  prefix: z.string(),
  createdAt: dateTime,
  lastUsedAt: nullableDateTime,
  revokedAt: nullableDateTime,
}).openapi('ApiKey');

export const apiKeyCreatedSchema = apiKeySchema.extend({
  key: z.string().openapi({ description: 'the key itself: shown only in this response' }),
}).openapi('ApiKeyCreated');

export const apiKeyListSchema = z.object({ data: z.array(apiKeySchema) }).openapi('ApiKeyList');
