import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { fingerprintJsonSchemaText } from '../src/fingerprint/json-schema.js';

describe('fingerprint JSON Schema', () => {
  it('is committed up to date (regenerate: node scripts/bin/run-ts.mjs schemas/src/fingerprint/write-json-schema.ts)', () => {
    const committed = readFileSync(new URL('../json/fingerprint.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(fingerprintJsonSchemaText());
  });

  it('describes the fields partners need', () => {
    const schema = JSON.parse(fingerprintJsonSchemaText()) as { properties: Record<string, { items?: { pattern?: string } ; enum?: string[]; default?: unknown }>; required: string[] };
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'title', 'languages']));
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['languages', 'entities', 'match', 'disarm', 'tlp', 'refs', 'provenance']));
    expect((schema.properties.tlp as { enum: string[] }).enum).toEqual(['clear', 'green', 'amber', 'amber+strict', 'red']);
  });
});
