import { TLP_LEVELS } from '../fingerprint/index.js';
import { SHARING_GROUP_ID } from '../sharing/index.js';
import { dateTime, z } from './common.js';

// Built here rather than tlpSchema.openapi(): zod 4 gives .openapi() only to schemas made after common.ts extended zod.
const tlp = z.enum(TLP_LEVELS).openapi({ description: 'a TLP 2.0 label' });
const collectionId = z.string().openapi({ format: 'uuid', description: 'the group\'s TAXII 2.1 collection id' });

export const sharingGroupIdSchema = z.string().regex(SHARING_GROUP_ID, 'must be a lowercase slug such as "lv-jp-stratcom"');

export const sharingGroupCreateBodySchema = z.object({
  id: sharingGroupIdSchema.openapi({ description: 'a lowercase slug such as lv-jp-stratcom (also the TAXII collection\'s alias)' }),
  title: z.string().min(1).max(200),
  maxTlp: tlp.openapi({ description: 'the highest TLP the group may receive (RED is never exported)' }),
  description: z.string().max(2000).optional(),
}).openapi('SharingGroupCreateRequest');

export const sharingGroupMemberBodySchema = z.object({
  clearance: tlp.openapi({ description: 'the highest TLP this organisation may read in the group' }),
}).openapi('SharingGroupMemberRequest');

export const sharingGroupPublishBodySchema = z.object({
  narrative: z.string().min(1).openapi({ description: 'the narrative id' }),
  includeConfirmedFlags: z.boolean().default(true).openapi({ description: 'add the narrative\'s confirmed flags as sightings' }),
  flagsOnly: z.boolean().default(false)
    .openapi({ description: 'only the confirmed flags (the narrative object still goes along as their target); 422 when there are none' }),
  recipient: z.string().min(1).optional()
    .openapi({ description: 'the one member organisation an AMBER+STRICT package is for (needed for AMBER+STRICT)' }),
}).openapi('SharingGroupPublishRequest');

export const sharingGroupMemberSchema = z.object({
  organization: z.string(),
  clearance: tlp,
}).openapi('SharingGroupMember');

export const sharingGroupSchema = z.object({
  id: z.string(),
  collectionId,
  title: z.string(),
  description: z.string().nullable(),
  maxTlp: tlp,
  members: z.array(sharingGroupMemberSchema).openapi({ description: 'ordered by organisation' }),
  createdAt: dateTime,
}).openapi('SharingGroup');

export const sharingGroupListSchema = z.object({ data: z.array(sharingGroupSchema).openapi({ description: 'ordered by id' }) })
  .openapi('SharingGroupList');

export const sharingGroupPublishResultSchema = z.object({
  group: z.string().openapi({ description: 'the group id' }),
  collectionId,
  tlp: tlp.openapi({ description: 'the TLP of the published narrative' }),
  reportId: z.string().nullable().openapi({ description: 'the STIX report listing the package; null when nothing was added' }),
  added: z.number().int().openapi({ description: 'object versions added to the collection' }),
  unchanged: z.number().int().openapi({ description: 'objects already in the collection' }),
  countsByType: z.record(z.string(), z.number().int()).openapi({ description: 'objects per STIX type in this call (added or already there)' }),
}).openapi('SharingGroupPublishResult');

export const PARTNER_OBJECT_STATUSES = ['new', 'imported', 'dismissed'] as const;
export const partnerObjectStatusSchema = z.enum(PARTNER_OBJECT_STATUSES);

export const partnerObjectListQuerySchema = z.object({
  type: z.string().regex(/^[a-z][a-z0-9-]+$/).optional().openapi({ description: 'a STIX type such as narrative, sighting or note' }),
  group: z.string().optional().openapi({ description: 'a sharing group id' }),
  source: z.string().optional().openapi({ description: 'the sending partner organisation' }),
  status: partnerObjectStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100).openapi({ type: 'integer', minimum: 1, maximum: 500, default: 100 }),
  before: z.coerce.number().int().min(1).optional()
    .openapi({ type: 'integer', minimum: 1, description: 'next of the previous page: objects with a lower id' }),
});

export const partnerObjectSchema = z.object({
  id: z.number().int(),
  group: z.string().openapi({ description: 'the sharing group it was sent to' }),
  stixId: z.string(),
  type: z.string(),
  version: z.string().openapi({ description: 'the object\'s STIX modified time (else created, else when it arrived)' }),
  tlp: tlp.openapi({ description: 'its TLP marking (an unmarked object counts as AMBER)' }),
  source: z.object({
    organization: z.string().nullable().openapi({ description: 'the sending key\'s organisation' }),
    key: z.string().openapi({ description: 'the sending key\'s name' }),
  }),
  status: partnerObjectStatusSchema,
  importedNarrative: z.string().nullable().openapi({ description: 'the fingerprint id it was imported as' }),
  receivedAt: dateTime,
  object: z.record(z.string(), z.unknown()).openapi({ description: 'the STIX object as the partner sent it' }),
}).openapi('PartnerObject');

export const partnerObjectPageSchema = z.object({
  data: z.array(partnerObjectSchema).openapi({ description: 'newest first' }),
  next: z.number().int().nullable().openapi({ description: 'pass as before for the next page; null on the last page' }),
}).openapi('PartnerObjectPage');

export const partnerDraftFingerprintSchema = z.object({
  fingerprintId: z.string(),
  version: z.number().int(),
  changed: z.boolean().openapi({ description: 'false when the draft was already stored as it is' }),
}).openapi('PartnerDraftFingerprint');
