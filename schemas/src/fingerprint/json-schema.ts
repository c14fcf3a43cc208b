import { z } from 'zod';
import { fingerprintSchema } from './index.js';

/**
 * The fingerprint format as JSON Schema (draft 2020-12) for partners and editors. It describes
 * the input document (defaults optional); rules zod checks in code (DISARM id list, prefix `*`
 * placement) appear only as patterns and descriptions.
 */
export function fingerprintJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(fingerprintSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://narmon.dev/schemas/fingerprint.schema.json',
    title: 'narmon narrative fingerprint',
    description: 'A narrative fingerprint: per-language weighted terms, phrases and exclusions, language-neutral entities, match thresholds, DISARM techniques and TLP.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

export function fingerprintJsonSchemaText(): string {
  return `${JSON.stringify(fingerprintJsonSchema(), null, 2)}\n`;
}
