// TAXII 2.1 server (OASIS TAXII 2.1 CS01) over the sharing groups: one API root, one collection per
// group. Partners see only their groups (404 for others: the existence and contents of a group they
// are not in are not disclosed) and only objects their TLP clearance allows, filtered in SQL.
import express, { Router, type Request, type Response, type NextFunction } from 'express';
import { sharingGroupRepository, stixObjectRepository, type Principal } from '@narmon/shared/db';
import {
  decodeNextToken, encodeNextToken, findStatus, microsToTimestamp, receiveObjects, timestampToMicros, viewerInGroup,
  type CollectionViewer,
} from '@narmon/shared/exchange';
import type { ApiDeps } from '../../deps.js';
import { authenticate } from '../../http/auth.js';
import type { KeyRateLimiter } from '../../http/rate-limit.js';
import { isTaxiiMediaType, requireTaxiiAccept, sendTaxii, sendTaxiiError, TAXII_MEDIA_TYPE } from './media-type.js';

const API_ROOT = 'api';
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const MAX_CONTENT_LENGTH = 10 * 1024 * 1024;

type Handler = (req: Request, res: Response) => Promise<void> | void;
const wrap = (h: Handler) => (req: Request, res: Response, next: NextFunction) => Promise.resolve(h(req, res)).catch(next);

class TaxiiProblem extends Error {
  constructor(readonly status: number, readonly title: string, readonly description?: string) {
    super(description ?? title);
  }
}

function principalOf(req: Request): Principal {
  return req.principal!;
}

function queryParam(req: Request, name: string): string | undefined {
  const v = (req.query as Record<string, unknown>)[name];
  if (Array.isArray(v)) return v.map(String).join(',');
  return typeof v === 'string' ? v : undefined;
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

type SharingGroup = sharingGroupRepository.SharingGroup;

interface GroupAccess {
  group: SharingGroup;
  viewer: CollectionViewer;
  canWrite: boolean;
}

/** The group behind a collection id and how the caller sees it; 404 when it may not know the group exists. */
async function access(deps: ApiDeps, req: Request): Promise<GroupAccess> {
  const group = await sharingGroupRepository.findSharingGroup(deps.db, String(req.params.collectionId));
  const viewer = group ? viewerInGroup(group, principalOf(req)) : undefined;
  if (!group || !viewer) throw new TaxiiProblem(404, 'Collection not found', 'no such collection, or not shared with you');
  return { group, viewer, canWrite: true };
}

function collectionResource(g: SharingGroup, canRead: boolean, canWrite: boolean) {
  return {
    id: g.collectionId,
    title: g.title,
    ...(g.description ? { description: g.description } : {}),
    alias: g.id,
    can_read: canRead,
    can_write: canWrite,
    media_types: [TAXII_MEDIA_TYPE],
  };
}

/** `match[version]`: `all`, or a union of `first`, `last` and STIX timestamps (TAXII 2.1 section 3.4.2). */
function parseVersionMatch(text: string): stixObjectRepository.VersionMatch {
  const parts = list(text) ?? [];
  if (parts.length === 0) throw new TaxiiProblem(400, 'Bad match[version]', 'match[version] takes last, first, all or STIX timestamps');
  if (parts.includes('all')) return 'all';
  return parts.map((p) => {
    if (p === 'first' || p === 'last') return p;
    const us = timestampToMicros(p);
    if (us === undefined) throw new TaxiiProblem(400, 'Bad match[version]', `"${p.slice(0, 40)}" is not last, first, all or a STIX timestamp`);
    return us;
  });
}

interface PageRequest {
  afterUs?: number;
  limit: number;
  ids?: string[];
  types?: string[];
  versions: stixObjectRepository.VersionMatch;
  specVersions?: string[];
}

function pageRequest(req: Request, options: { defaultVersions: stixObjectRepository.VersionMatch }): PageRequest {
  const limitText = queryParam(req, 'limit');
  let limit = DEFAULT_LIMIT;
  if (limitText !== undefined) {
    limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1) throw new TaxiiProblem(400, 'Bad limit', 'limit must be a positive integer');
    limit = Math.min(limit, MAX_LIMIT);
  }
  let afterUs: number | undefined;
  const addedAfter = queryParam(req, 'added_after');
  if (addedAfter !== undefined) {
    afterUs = timestampToMicros(addedAfter);
    if (afterUs === undefined) throw new TaxiiProblem(400, 'Bad added_after', 'added_after must be an RFC 3339 UTC timestamp');
  }
  const next = queryParam(req, 'next');
  if (next !== undefined) {
    const fromToken = decodeNextToken(next);
    if (fromToken === undefined) throw new TaxiiProblem(400, 'Bad next', 'next is not a token this server gave out');
    afterUs = Math.max(afterUs ?? 0, fromToken);
  }
  let versions: stixObjectRepository.VersionMatch = options.defaultVersions;
  const versionText = queryParam(req, 'match[version]');
  if (versionText !== undefined) versions = parseVersionMatch(versionText);
  return {
    ...(afterUs !== undefined ? { afterUs } : {}),
    limit,
    ...(list(queryParam(req, 'match[id]')) ? { ids: list(queryParam(req, 'match[id]'))! } : {}),
    ...(list(queryParam(req, 'match[type]')) ? { types: list(queryParam(req, 'match[type]'))! } : {}),
    ...(list(queryParam(req, 'match[spec_version]')) ? { specVersions: list(queryParam(req, 'match[spec_version]'))! } : {}),
    versions,
  };
}

async function page(deps: ApiDeps, a: GroupAccess, p: PageRequest, res: Response) {
  const { rows, more } = await stixObjectRepository.visibleObjects(deps.db, { collectionId: a.group.collectionId, viewer: a.viewer, ...p });
  if (rows.length > 0) {
    res.setHeader('X-TAXII-Date-Added-First', microsToTimestamp(rows[0]!.dateAddedUs));
    res.setHeader('X-TAXII-Date-Added-Last', microsToTimestamp(rows[rows.length - 1]!.dateAddedUs));
  }
  const paging = { more, ...(more ? { next: encodeNextToken(rows[rows.length - 1]!.dateAddedUs) } : {}) };
  return { rows, paging };
}

/** The TAXII 2.1 server; `rateLimiter` is the analyst API's per-key limiter (one budget per key across both). */
export function taxiiRouter(deps: ApiDeps, options: { rateLimiter?: KeyRateLimiter } = {}): Router {
  const r = Router();
  r.use(authenticate(deps, {
    onUnauthorized: (_req, res) => {
      res.setHeader('WWW-Authenticate', 'Basic realm="narmon TAXII", Bearer realm="narmon TAXII"');
      sendTaxiiError(res, 401, 'Unauthorized', 'a valid API key is required (HTTP Basic with the key as password, or Bearer)');
    },
  }));
  if (options.rateLimiter) {
    r.use(options.rateLimiter.middlewareWith((res, retry, limit) => sendTaxiiError(res, 429, 'Too Many Requests', `this key may make ${limit} requests a minute; retry in ${retry} s`)));
  }
  r.use(requireTaxiiAccept);

  r.get('/', (req, res) => {
    const base = `${req.protocol}://${req.get('host')}${req.baseUrl}`;
    sendTaxii(res, 200, {
      title: `narmon TAXII 2.1 (${deps.config.STIX_IDENTITY_NAME})`,
      description: 'Disinformation narratives and their sightings, shared per sharing group.',
      default: `${base}/${API_ROOT}/`,
      api_roots: [`${base}/${API_ROOT}/`],
    });
  });

  const root = Router({ mergeParams: true });
  r.use(`/${API_ROOT}`, root);

  root.get('/', (_req, res) => {
    sendTaxii(res, 200, {
      title: 'narmon sharing groups',
      description: 'One collection per sharing group.',
      versions: [TAXII_MEDIA_TYPE],
      max_content_length: MAX_CONTENT_LENGTH,
    });
  });

  root.get('/status/:statusId/', wrap(async (req, res) => {
    const p = principalOf(req);
    const status = await findStatus(deps.db, String(req.params.statusId), { keyId: p.keyId, internal: p.role !== 'partner' });
    if (!status) throw new TaxiiProblem(404, 'Status not found');
    sendTaxii(res, 200, status);
  }));

  root.get('/collections/', wrap(async (req, res) => {
    const p = principalOf(req);
    const groups = p.role === 'partner'
      ? (p.organization ? await sharingGroupRepository.listSharingGroups(deps.db, { memberOrganization: p.organization }) : [])
      : await sharingGroupRepository.listSharingGroups(deps.db);
    sendTaxii(res, 200, groups.length ? { collections: groups.map((g) => collectionResource(g, true, true)) } : {});
  }));

  root.get('/collections/:collectionId/', wrap(async (req, res) => {
    const a = await access(deps, req);
    sendTaxii(res, 200, collectionResource(a.group, true, a.canWrite));
  }));

  root.get('/collections/:collectionId/objects/', wrap(async (req, res) => {
    const a = await access(deps, req);
    const { rows, paging } = await page(deps, a, pageRequest(req, { defaultVersions: 'last' }), res);
    sendTaxii(res, 200, { ...paging, ...(rows.length ? { objects: rows.map((row) => row.object) } : {}) });
  }));

  const body = express.json({ type: (req) => isTaxiiMediaType(String(req.headers['content-type'] ?? '')), limit: MAX_CONTENT_LENGTH });
  root.post('/collections/:collectionId/objects/', wrap(async (req, res) => {
    if (!isTaxiiMediaType(String(req.get('content-type') ?? ''))) throw new TaxiiProblem(415, 'Unsupported Media Type', `send Content-Type: ${TAXII_MEDIA_TYPE}`);
    const a = await access(deps, req);
    if (!a.canWrite) throw new TaxiiProblem(403, 'Forbidden', 'this collection is read-only for you');
    await new Promise<void>((resolve, reject) => body(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
    const envelope = req.body as { objects?: unknown };
    if (!envelope || typeof envelope !== 'object' || !Array.isArray(envelope.objects)) {
      throw new TaxiiProblem(400, 'Bad envelope', 'the body must be a TAXII envelope: {"objects": [...]}');
    }
    const p = principalOf(req);
    const status = await receiveObjects(deps.db, a.group, { keyId: p.keyId, name: p.name, role: p.role, organization: p.organization }, envelope.objects);
    sendTaxii(res, 202, status);
  }));

  root.get('/collections/:collectionId/manifest/', wrap(async (req, res) => {
    const a = await access(deps, req);
    const { rows, paging } = await page(deps, a, pageRequest(req, { defaultVersions: 'last' }), res);
    sendTaxii(res, 200, {
      ...paging,
      ...(rows.length ? {
        objects: rows.map((row) => ({ id: row.stixId, date_added: microsToTimestamp(row.dateAddedUs), version: row.version, media_type: 'application/stix+json;version=2.1' })),
      } : {}),
    });
  }));

  root.get('/collections/:collectionId/objects/:objectId/', wrap(async (req, res) => {
    const a = await access(deps, req);
    const p = pageRequest(req, { defaultVersions: 'last' });
    const { rows, paging } = await page(deps, a, { ...p, ids: [String(req.params.objectId)] }, res);
    if (rows.length === 0 && p.afterUs === undefined) throw new TaxiiProblem(404, 'Object not found');
    sendTaxii(res, 200, { ...paging, ...(rows.length ? { objects: rows.map((row) => row.object) } : {}) });
  }));

  // Deletes the versions match[version] selects (every version when it is absent: the endpoint
  // deletes "an object"), among those the caller may see; 404 when that selects nothing.
  root.delete('/collections/:collectionId/objects/:objectId/', wrap(async (req, res) => {
    const a = await access(deps, req);
    const id = String(req.params.objectId);
    const p = pageRequest(req, { defaultVersions: 'all' });
    const visible = await stixObjectRepository.visibleObjects(deps.db, { collectionId: a.group.collectionId, viewer: a.viewer, ids: [id], limit: 1, versions: 'all' });
    if (visible.rows.length === 0) throw new TaxiiProblem(404, 'Object not found');
    if (!a.canWrite) throw new TaxiiProblem(403, 'Forbidden', 'this collection is read-only for you');
    // Partners delete only what their organisation posted; our analysts may delete anything.
    const owners = await stixObjectRepository.objectOwners(deps.db, a.group.collectionId, id);
    const viewer = a.viewer;
    if (viewer.kind === 'partner' && owners.some((o) => o !== viewer.organization)) {
      throw new TaxiiProblem(403, 'Forbidden', 'only the owner of an object may delete it');
    }
    const deleted = await stixObjectRepository.deleteVisibleVersions(deps.db, { collectionId: a.group.collectionId, stixId: id, viewer, versions: p.versions });
    if (deleted === 0) throw new TaxiiProblem(404, 'Version not found', 'no version of the object matches match[version]');
    res.status(200).setHeader('Content-Type', TAXII_MEDIA_TYPE);
    res.end();
  }));

  root.get('/collections/:collectionId/objects/:objectId/versions/', wrap(async (req, res) => {
    const a = await access(deps, req);
    const p = pageRequest(req, { defaultVersions: 'all' });
    const { rows, paging } = await page(deps, a, { ...p, ids: [String(req.params.objectId)], versions: 'all' }, res);
    if (rows.length === 0 && p.afterUs === undefined) throw new TaxiiProblem(404, 'Object not found');
    sendTaxii(res, 200, { ...paging, ...(rows.length ? { versions: rows.map((row) => row.version) } : {}) });
  }));

  r.use((_req: Request, res: Response) => sendTaxiiError(res, 404, 'Not Found', 'no such TAXII resource'));
  // TAXII clients get TAXII error objects, never problem+json.
  r.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    if (err instanceof TaxiiProblem) return sendTaxiiError(res, err.status, err.title, err.description);
    const e = err as { status?: number; type?: string };
    if (e.type === 'entity.too.large') return sendTaxiiError(res, 413, 'Payload Too Large');
    if (e.type === 'entity.parse.failed') return sendTaxiiError(res, 400, 'Malformed JSON', 'the body is not valid JSON');
    deps.log.error({ err }, 'TAXII request failed');
    return sendTaxiiError(res, 500, 'Internal Error');
  });
  return r;
}
