// Validates STIX objects one by one against the OASIS STIX 2.1 JSON schemas (../shared/reference),
// and narmon's custom objects against the JSON Schema their extension-definition carries.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { mediaContentExtensionDefinition, narrativeExtensionDefinition } from '../../src/stix/index.js';

import type { ErrorObject } from 'ajv';

// ajv and ajv-formats are CommonJS: under ESM their classes sit on `default` (or are the module itself).
type AjvClass = typeof Ajv2020Module.default;
type AddFormats = typeof addFormatsModule.default;
const Ajv2020 = ((Ajv2020Module as unknown as { default?: AjvClass }).default ?? Ajv2020Module) as AjvClass;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as AddFormats;

export const OASIS_SCHEMA_DIR = resolve(process.cwd(), '../shared/reference/stix2.1-schemas/schemas');
const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas';

export interface StixValidator {
  /** Problems with one object (empty when valid), each prefixed by the schema that failed. */
  validate(object: Record<string, unknown>): string[];
}

export function createStixValidator(): StixValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const byType = new Map<string, string>();
  for (const dir of ['common', 'sdos', 'sros', 'observables']) {
    for (const file of readdirSync(join(OASIS_SCHEMA_DIR, dir)).filter((f) => f.endsWith('.json'))) {
      const schema = JSON.parse(readFileSync(join(OASIS_SCHEMA_DIR, dir, file), 'utf8'));
      ajv.addSchema(schema);
      if (dir !== 'common' || file === 'marking-definition.json' || file === 'extension-definition.json') {
        byType.set(file.replace(/\.json$/, ''), `${BASE}/${dir}/${file}`);
      }
    }
  }
  // Custom types: validated against the schema text of their own extension-definition.
  for (const ext of [narrativeExtensionDefinition(), mediaContentExtensionDefinition()]) {
    const schema = JSON.parse(String(ext.schema));
    ajv.addSchema(schema);
    byType.set(String(schema.title), schema.$id);
  }
  return {
    validate(object) {
      const ref = byType.get(String(object.type));
      if (!ref) return [`no schema for type ${String(object.type)}`];
      const validate = ajv.getSchema(ref)!;
      if (validate(object)) return [];
      return (validate.errors ?? []).map((e: ErrorObject) => `${String(object.type)} ${e.instancePath || '/'} ${e.message ?? ''}`);
    },
  };
}
