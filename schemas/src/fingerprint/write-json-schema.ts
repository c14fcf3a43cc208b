// Writes schemas/json/fingerprint.schema.json: node scripts/bin/run-ts.mjs schemas/src/fingerprint/write-json-schema.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fingerprintJsonSchemaText } from './json-schema.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '../../json/fingerprint.schema.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, fingerprintJsonSchemaText());
console.log(`wrote ${out}`);
