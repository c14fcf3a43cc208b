// narmon's own STIX extensions for the two FIMI objects STIX 2.1 lacks: the `narrative` SDO and the
// `media-content` SCO (properties as in the DAD-CDM / OpenCTI proposal, plus `language`). The ids were
// minted once (UUIDv4) and are constants: every narmon instance declares the same extensions.
import type { StixObject } from './types.js';

/** The narmon project, author of the extension definitions (an instance's own identity is configured). */
export const NARMON_PROJECT_IDENTITY_ID = 'identity--5c6a8b7e-3f0d-4b4e-9a57-2d8f6e1c9b30';
export const NARRATIVE_EXTENSION_ID = 'extension-definition--0b6f3c7e-8d1a-4a5b-9f2e-6c4d8e7a1b52';
export const MEDIA_CONTENT_EXTENSION_ID = 'extension-definition--7e2d9c41-5a3b-4f6e-8d0c-1b9a7e5f3c28';

const OASIS_SCHEMAS = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas';
const DEFINED_AT = '2026-01-01T00:00:00.000Z';

/** JSON Schema (2020-12) of the narrative SDO; the extension-definition carries it as its `schema` text. */
export const NARRATIVE_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://narmon.dev/stix/extensions/narrative.json',
  title: 'narrative',
  description: 'A disinformation narrative: the story a FIMI campaign carries (DAD-CDM / OpenCTI compatible).',
  type: 'object',
  allOf: [
    { $ref: `${OASIS_SCHEMAS}/common/core.json` },
    {
      properties: {
        type: { const: 'narrative' },
        id: { type: 'string', pattern: '^narrative--' },
        name: { type: 'string', minLength: 1 },
        description: { type: 'string' },
        aliases: { type: 'array', items: { type: 'string' }, minItems: 1 },
        narrative_types: { type: 'array', items: { type: 'string' }, minItems: 1 },
        extensions: {
          type: 'object',
          required: [NARRATIVE_EXTENSION_ID],
          properties: { [NARRATIVE_EXTENSION_ID]: { type: 'object', properties: { extension_type: { const: 'new-sdo' } }, required: ['extension_type'] } },
        },
      },
      required: ['name', 'extensions'],
    },
  ],
} as const;

/** JSON Schema (2020-12) of the media-content SCO (an article, post or video a narrative was seen in). */
export const MEDIA_CONTENT_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://narmon.dev/stix/extensions/media-content.json',
  title: 'media-content',
  description: 'A piece of published media (DAD-CDM / OpenCTI media-content) with the language narmon detected.',
  type: 'object',
  allOf: [
    { $ref: `${OASIS_SCHEMAS}/common/cyber-observable-core.json` },
    {
      properties: {
        type: { const: 'media-content' },
        id: { type: 'string', pattern: '^media-content--' },
        title: { type: 'string' },
        content: { type: 'string' },
        media_category: { type: 'string' },
        url: { $ref: `${OASIS_SCHEMAS}/common/url-regex.json` },
        publication_date: { $ref: `${OASIS_SCHEMAS}/common/timestamp.json` },
        language: { type: 'string', pattern: '^[a-z]{3}$', description: 'ISO 639-3 code of the detected language' },
        extensions: {
          type: 'object',
          required: [MEDIA_CONTENT_EXTENSION_ID],
          properties: { [MEDIA_CONTENT_EXTENSION_ID]: { type: 'object', properties: { extension_type: { const: 'new-sco' } }, required: ['extension_type'] } },
        },
      },
      // An item whose feed gave no link is still shared by its title (v1.1.0; v1.0.0 required url).
      required: ['extensions'],
      anyOf: [{ required: ['url'] }, { required: ['title'] }],
    },
  ],
} as const;

/** The identity that authored the extension definitions. */
export function narmonProjectIdentity(): StixObject {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: NARMON_PROJECT_IDENTITY_ID,
    created: DEFINED_AT,
    modified: DEFINED_AT,
    name: 'narmon project',
    description: 'Authors of the narmon STIX extensions (narrative SDO, media-content SCO).',
    identity_class: 'organization',
  };
}

function extensionDefinition(id: string, name: string, description: string, schema: object, extensionType: 'new-sdo' | 'new-sco', revision: { version: string; modified: string } = { version: '1.0.0', modified: DEFINED_AT }): StixObject {
  return {
    type: 'extension-definition',
    spec_version: '2.1',
    id,
    created_by_ref: NARMON_PROJECT_IDENTITY_ID,
    created: DEFINED_AT,
    modified: revision.modified,
    name,
    description,
    schema: JSON.stringify(schema),
    version: revision.version,
    extension_types: [extensionType],
  };
}

export function narrativeExtensionDefinition(): StixObject {
  return extensionDefinition(NARRATIVE_EXTENSION_ID, 'narmon narrative',
    'Declares the narrative SDO (name, description, aliases, narrative_types), compatible with OpenCTI and the DAD-CDM proposal.',
    NARRATIVE_JSON_SCHEMA, 'new-sdo');
}

export function mediaContentExtensionDefinition(): StixObject {
  return extensionDefinition(MEDIA_CONTENT_EXTENSION_ID, 'narmon media-content',
    'Declares the media-content SCO (title, content, url, publication_date, language), compatible with OpenCTI and the DAD-CDM proposal.',
    MEDIA_CONTENT_JSON_SCHEMA, 'new-sco', { version: '1.1.0', modified: '2026-03-10T00:00:00.000Z' });
}
