import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// Adds .openapi() to zod types, so each schema here is both the validator and the contract.
extendZodWithOpenApi(z);

export { z };

export const iso6393 = z.string().regex(/^[a-z]{3}$/, 'must be an ISO 639-3 code such as "rus", "lav"');
export const narrativeId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'must be a narrative id (lowercase slug)');
export const positiveIdParam = z.string().regex(/^[1-9]\d{0,14}$/, 'must be a positive integer id').transform(Number);
export const dateTime = z.string().openapi({ format: 'date-time' });
export const nullableDateTime = dateTime.nullable();

/** A time in a query string: an ISO 8601 date or date-time. */
export const timeParam = z.string().max(40)
  .refine((s) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s)), {
    message: 'must be an ISO 8601 date or date-time such as 2026-03-01 or 2026-03-01T12:00:00Z',
  })
  .transform((s) => new Date(s))
  .openapi({ type: 'string', format: 'date-time', example: '2026-03-01T00:00:00Z' });

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional()
    .openapi({ description: 'field-level messages of a validation error' }),
}).openapi('Problem', { description: 'RFC 9457 problem details' });

export const idParamsSchema = z.object({ id: positiveIdParam });
export const narrativeParamsSchema = z.object({ id: narrativeId });
