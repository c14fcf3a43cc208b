import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { narrativeId, positiveIdParam, problemSchema, z } from './common.js';
import { flagDetailSchema, flagListQuerySchema, flagPageSchema, flagReviewBodySchema, flagSchema } from './flags.js';
import { itemDetailSchema, itemPageSchema, itemSearchQuerySchema } from './items.js';
import { feedAddBodySchema, feedDetailSchema, feedListSchema, feedPatchBodySchema, opmlImportResultSchema } from './feeds.js';
import { apiKeyCreateBodySchema, apiKeyCreatedSchema, apiKeyListSchema, apiKeySchema } from './keys.js';
import {
  fingerprintBodySchema, learnBodySchema, learnResultSchema, narrativeDetailSchema, narrativeDiffQuerySchema, narrativeDiffSchema,
  narrativeListSchema, publishResultSchema, statsQuerySchema, statsSchema, trendQuerySchema, trendSchema, validationResultSchema,
} from './narratives.js';
import {
  partnerDraftFingerprintSchema, partnerObjectListQuerySchema, partnerObjectPageSchema, sharingGroupCreateBodySchema, sharingGroupListSchema,
  sharingGroupMemberBodySchema, sharingGroupPublishBodySchema, sharingGroupPublishResultSchema, sharingGroupSchema,
} from './sharing.js';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });
const json = (description: string, schema: z.ZodType) => ({ description, content: { 'application/json': { schema } } });
const securedErrors = {
  400: problem('invalid request (field-level messages in errors)'),
  401: problem('no valid API key'),
  403: problem('the key\'s role may not do this'),
  429: problem('rate limit exceeded for this key'),
  500: problem('internal error (the request id names it in the server log)'),
};
const operationIdOf = (method: string, path: string) => method + path.split('/').filter((p) => p && p !== 'v1')
  .map((p) => (p.startsWith('{') ? 'ById' : p.replace(/(^|[-_.])(\w)/g, (_m, _s, c: string) => c.toUpperCase()))).join('');
const TAGS: Record<string, string> = {
  health: 'Liveness and readiness (no key needed)',
  flags: 'Items flagged as carrying a narrative: query, export, review',
  narratives: 'Narrative fingerprints: versions, diffs, create, update, retire, learn, validate',
  trends: 'Counts over time: per narrative, and overall statistics',
  items: 'Ingested items: full-text search and detail with every flag and sighting',
  keys: 'API keys (admin only)',
  feeds: 'Monitored feeds: health, settings, OPML import and export',
  sharing: 'Sharing groups (TAXII collections), members and publishing',
  partners: 'Objects partners sent over TAXII',
};
const idParams = z.object({ id: z.string().regex(/^[1-9]\d{0,14}$/).openapi({ description: 'numeric id' }) });
const narrativeParams = z.object({ id: narrativeId });
// The routes look a group up by its slug or its collection id, and answer 404 for anything else.
const groupRef = z.string().openapi({ description: 'the group id (a lowercase slug) or its TAXII collection id (a UUID)' });
const organization = z.string().openapi({ description: 'the partner organisation (as on its partner keys)' });
const groupParams = z.object({ id: groupRef });
const groupMemberParams = z.object({ id: groupRef, organization });

/** Every route of the analyst API with its zod schemas; /openapi.json is generated from this. */
export function buildApiRegistry(): OpenAPIRegistry {
  const reg = new OpenAPIRegistry();
  // operationId from method and path (get /v1/flags/{id} -> getFlagsById), so generated clients get stable names.
  const register = (route: RouteConfig) => reg.registerPath({ operationId: operationIdOf(route.method, route.path), ...route });

  reg.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', description: 'an API key: Authorization: Bearer nmk_...' });
  reg.registerComponent('securitySchemes', 'basicAuth', { type: 'http', scheme: 'basic', description: 'any user name, the API key as password' });
  const secured = (route: Omit<RouteConfig, 'security'> & { roles: string }) => {
    const { roles, ...rest } = route;
    register({
      ...rest,
      description: `${rest.description ?? ''}${rest.description ? ' ' : ''}Roles: ${roles}.`,
      security: [{ bearerAuth: [] }, { basicAuth: [] }],
      responses: { ...securedErrors, 413: problem('the body is larger than API_BODY_LIMIT'), 415: problem('the body is not JSON in UTF-8'), ...rest.responses },
    });
  };

  register({ method: 'get', path: '/healthz', tags: ['health'], summary: 'Liveness', security: [], responses: { 200: json('alive', z.object({ status: z.string() })) } });
  register({
    method: 'get', path: '/readyz', tags: ['health'], summary: 'Readiness (database reachable)', security: [],
    responses: { 200: json('ready', z.object({ status: z.string(), database: z.string() })), 503: json('not ready', z.object({ status: z.string(), database: z.string() })) },
  });

  secured({
    method: 'get', path: '/v1/flags', tags: ['flags'], roles: 'admin, analyst',
    summary: 'Query flags',
    description: 'Filters combine with AND; keyset pagination through nextCursor. With Accept: text/csv the whole result (all pages) streams as CSV.',
    request: { query: flagListQuerySchema },
    responses: {
      200: { description: 'one page of flags', content: { 'application/json': { schema: flagPageSchema }, 'text/csv': { schema: z.string() } } },
    },
  });
  secured({
    method: 'get', path: '/v1/flags/{id}', tags: ['flags'], roles: 'admin, analyst', summary: 'One flag with its review history',
    request: { params: idParams }, responses: { 200: json('the flag', flagDetailSchema), 404: problem('no such flag') },
  });
  secured({
    method: 'patch', path: '/v1/flags/{id}', tags: ['flags'], roles: 'admin, analyst', summary: 'Review a flag (confirm, dismiss, note); audited',
    request: { params: idParams, body: { content: { 'application/json': { schema: flagReviewBodySchema } } } },
    responses: { 200: json('the reviewed flag', flagDetailSchema), 404: problem('no such flag') },
  });

  secured({
    method: 'get', path: '/v1/narratives', tags: ['narratives'], roles: 'admin, analyst', summary: 'Narratives with flag counts (24 h, 7 days)',
    responses: { 200: json('every narrative, current version', narrativeListSchema) },
  });
  secured({
    method: 'post', path: '/v1/narratives', tags: ['narratives'], roles: 'admin, analyst', summary: 'Create a narrative from a fingerprint document',
    request: { body: { content: { 'application/json': { schema: fingerprintBodySchema } } } },
    responses: { 201: json('created', publishResultSchema), 409: problem('a narrative with this id exists'), 422: problem('invalid fingerprint') },
  });
  secured({
    method: 'post', path: '/v1/narratives/validate', tags: ['narratives'], roles: 'admin, analyst', summary: 'Validate a fingerprint document without saving it',
    request: { body: { content: { 'application/json': { schema: fingerprintBodySchema } } } },
    responses: { 200: json('the verdict and every field error', validationResultSchema) },
  });
  secured({
    method: 'post', path: '/v1/narratives/learn', tags: ['narratives'], roles: 'admin, analyst', summary: 'Draft a fingerprint from example texts (not stored)',
    request: { body: { content: { 'application/json': { schema: learnBodySchema } } } },
    description: 'Texts without a `language` are detected; the first such call loads the language detector (about a second).',
    responses: {
      200: json('a draft fingerprint', learnResultSchema), 422: problem('no usable or distinctive examples'),
      503: problem('a text needs language detection and the configured detector cannot load (e.g. an unsupported language in LANGUAGES)'),
    },
  });
  secured({
    method: 'get', path: '/v1/narratives/{id}', tags: ['narratives'], roles: 'admin, analyst', summary: 'A narrative with its version history',
    request: { params: narrativeParams }, responses: { 200: json('the narrative', narrativeDetailSchema), 404: problem('no such narrative') },
  });
  secured({
    method: 'put', path: '/v1/narratives/{id}', tags: ['narratives'], roles: 'admin, analyst', summary: 'Update a narrative (a changed document is a new version)',
    request: { params: narrativeParams, body: { content: { 'application/json': { schema: fingerprintBodySchema } } } },
    responses: { 200: json('stored (or unchanged)', publishResultSchema), 404: problem('no such narrative'), 422: problem('invalid fingerprint') },
  });
  secured({
    method: 'post', path: '/v1/narratives/{id}/retire', tags: ['narratives'], roles: 'admin, analyst', summary: 'Retire a narrative (a new, retired version)',
    request: { params: narrativeParams }, responses: { 200: json('retired', publishResultSchema), 404: problem('no such narrative') },
  });
  secured({
    method: 'get', path: '/v1/narratives/{id}/diff', tags: ['narratives'], roles: 'admin, analyst', summary: 'Differences between two versions',
    request: { params: narrativeParams, query: narrativeDiffQuerySchema },
    responses: { 200: json('the changes from one version to the other', narrativeDiffSchema), 404: problem('no such narrative or version') },
  });
  secured({
    method: 'get', path: '/v1/narratives/{id}/trend', tags: ['trends'], roles: 'admin, analyst', summary: 'Flags per time bucket, split by language and by feed',
    request: { params: narrativeParams, query: trendQuerySchema },
    responses: { 200: json('counts per bucket (empty buckets included)', trendSchema), 404: problem('no such narrative') },
  });
  secured({
    method: 'get', path: '/v1/stats', tags: ['trends'], roles: 'admin, analyst', summary: 'Items and flags per day and per language; feed health',
    request: { query: statsQuerySchema }, responses: { 200: json('statistics of the last days', statsSchema) },
  });

  secured({
    method: 'get', path: '/v1/items', tags: ['items'], roles: 'admin, analyst', summary: 'Search items (newest first)',
    request: { query: itemSearchQuerySchema }, responses: { 200: json('one page of items', itemPageSchema) },
  });
  secured({
    method: 'get', path: '/v1/items/{id}', tags: ['items'], roles: 'admin, analyst', summary: 'An item with every flag and runner-up',
    request: { params: idParams }, responses: { 200: json('the item', itemDetailSchema), 404: problem('no such item') },
  });

  secured({
    method: 'get', path: '/v1/keys', tags: ['keys'], roles: 'admin', summary: 'List API keys (never the keys themselves)',
    responses: { 200: json('every key', apiKeyListSchema) },
  });
  secured({
    method: 'post', path: '/v1/keys', tags: ['keys'], roles: 'admin', summary: 'Create an API key (the key is shown once)',
    request: { body: { content: { 'application/json': { schema: apiKeyCreateBodySchema } } } },
    responses: { 201: json('created', apiKeyCreatedSchema) },
  });
  secured({
    method: 'delete', path: '/v1/keys/{id}', tags: ['keys'], roles: 'admin', summary: 'Revoke an API key',
    request: { params: idParams }, responses: { 200: json('revoked', apiKeySchema), 404: problem('no active key with this id') },
  });
  secured({
    method: 'get', path: '/v1/feeds', tags: ['feeds'], roles: 'admin, analyst', summary: 'Feeds with their health',
    responses: { 200: json('every feed', feedListSchema) },
  });
  secured({
    method: 'post', path: '/v1/feeds', tags: ['feeds'], roles: 'admin, analyst', summary: 'Add a feed (an existing URL is updated, 200)',
    request: { body: { content: { 'application/json': { schema: feedAddBodySchema } } } },
    responses: { 200: json('the feed existed (settings updated)', feedDetailSchema), 201: json('added', feedDetailSchema), 422: problem('the URL is refused (SSRF rules)') },
  });
  // Literal paths before /{id}, so a path that is both matches its own operation.
  secured({
    method: 'get', path: '/v1/feeds/export', tags: ['feeds'], roles: 'admin, analyst', summary: 'Every feed as OPML 2.0',
    responses: { 200: { description: 'an OPML document', content: { 'text/x-opml': { schema: z.string() } } } },
  });
  secured({
    method: 'post', path: '/v1/feeds/import', tags: ['feeds'], roles: 'admin, analyst', summary: 'Add the feeds of an OPML document',
    description: 'Send the OPML document as the body (text/xml, application/xml, text/x-opml; at most 2 MB). Refused URLs are reported, not fatal.',
    request: { body: { content: { 'text/xml': { schema: z.string() }, 'application/xml': { schema: z.string() }, 'text/x-opml': { schema: z.string() } } } },
    responses: { 200: json('how many were added and which were refused', opmlImportResultSchema), 422: problem('not an OPML document') },
  });
  secured({
    method: 'get', path: '/v1/feeds/{id}', tags: ['feeds'], roles: 'admin, analyst', summary: 'A feed with its last fetch events',
    request: { params: idParams }, responses: { 200: json('the feed', feedDetailSchema), 404: problem('no such feed') },
  });
  secured({
    method: 'patch', path: '/v1/feeds/{id}', tags: ['feeds'], roles: 'admin, analyst', summary: 'Change a feed\'s interval (or pin it), language, tags or active flag',
    request: { params: idParams, body: { content: { 'application/json': { schema: feedPatchBodySchema } } } },
    responses: { 200: json('the changed feed', feedDetailSchema), 404: problem('no such feed') },
  });

  secured({
    method: 'get', path: '/v1/sharing-groups', tags: ['sharing'], roles: 'admin, analyst', summary: 'Sharing groups with their members',
    responses: { 200: json('every group', sharingGroupListSchema) },
  });
  secured({
    method: 'post', path: '/v1/sharing-groups', tags: ['sharing'], roles: 'admin, analyst', summary: 'Create a sharing group and its TAXII collection',
    request: { body: { content: { 'application/json': { schema: sharingGroupCreateBodySchema } } } },
    responses: { 201: json('created (no members yet)', sharingGroupSchema), 409: problem('a group with this id exists') },
  });
  secured({
    method: 'get', path: '/v1/sharing-groups/{id}', tags: ['sharing'], roles: 'admin, analyst', summary: 'A sharing group by its id or collection id',
    request: { params: groupParams }, responses: { 200: json('the group', sharingGroupSchema), 404: problem('no such group') },
  });
  secured({
    method: 'put', path: '/v1/sharing-groups/{id}/members/{organization}', tags: ['sharing'], roles: 'admin, analyst',
    summary: 'Add a member organisation or change its clearance',
    request: { params: groupMemberParams, body: { content: { 'application/json': { schema: sharingGroupMemberBodySchema } } } },
    responses: { 200: json('the group with its members', sharingGroupSchema), 404: problem('no such group') },
  });
  secured({
    method: 'delete', path: '/v1/sharing-groups/{id}/members/{organization}', tags: ['sharing'], roles: 'admin, analyst', summary: 'Remove a member organisation',
    request: { params: z.object({ id: z.string().openapi({ description: 'the group id (a lowercase slug)' }), organization }) },
    responses: { 204: { description: 'removed' }, 404: problem('no such group or member') },
  });
  secured({
    method: 'post', path: '/v1/sharing-groups/{id}/publish', tags: ['sharing'], roles: 'admin, analyst',
    summary: 'Publish a narrative (and its confirmed flags) to the group\'s collection as STIX 2.1',
    description: 'The same call again adds nothing (200). TLP:RED is never exported, nothing above the group\'s maxTlp either, and AMBER+STRICT only to one named member cleared for it.',
    request: { params: groupParams, body: { content: { 'application/json': { schema: sharingGroupPublishBodySchema } } } },
    responses: {
      200: json('nothing new: every object was already in the collection', sharingGroupPublishResultSchema),
      201: json('published: object versions added', sharingGroupPublishResultSchema),
      404: problem('no such group or narrative'),
      422: problem('refused by the TLP rules, or flagsOnly with no confirmed flags'),
    },
  });

  secured({
    method: 'get', path: '/v1/partner-objects', tags: ['partners'], roles: 'admin, analyst', summary: 'What partners sent, newest first, with provenance and TLP',
    description: 'Filters combine with AND; page with before (the next of the previous page).',
    request: { query: partnerObjectListQuerySchema }, responses: { 200: json('one page of partner objects', partnerObjectPageSchema) },
  });
  secured({
    method: 'post', path: '/v1/partner-objects/{id}/draft-fingerprint', tags: ['partners'], roles: 'admin, analyst',
    summary: 'Turn a partner narrative into a draft fingerprint',
    description: 'Terms are seeded from the narrative\'s name, to be rewritten; its DISARM techniques, TLP and references go along. The same call again keeps the draft as it is (200).',
    request: { params: idParams },
    responses: {
      200: json('the draft was already stored as it is', partnerDraftFingerprintSchema),
      201: json('the draft stored (a new fingerprint, or a new version of it)', partnerDraftFingerprintSchema),
      404: problem('no partner narrative with this id (also for an id that is not a positive integer)'),
    },
  });
  void flagSchema; void positiveIdParam;
  return reg;
}

export function buildOpenApiDocument(options: { serverUrl?: string } = {}) {
  return new OpenApiGeneratorV31(buildApiRegistry().definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'narmon analyst API',
      version: '1.0.0',
      description: 'Query, review and trend flagged disinformation narratives; maintain narrative fingerprints. Every error is application/problem+json (RFC 9457).',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: options.serverUrl ?? '/' }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
  });
}
