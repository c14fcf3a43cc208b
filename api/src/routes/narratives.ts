import { Router } from 'express';
import {
  learnBodySchema, narrativeDiffQuerySchema, narrativeParamsSchema, trendQuerySchema,
} from '@narmon/schemas/api';
import { fingerprintSchema, type Fingerprint } from '@narmon/schemas';
import { auditRepository, narrativeRepository, statsRepository } from '@narmon/shared/db';
import type { Request } from 'express';
import type { ApiDeps } from '../deps.js';
import { HttpProblem } from '../http/problem.js';
import { diffDocuments } from '../services/document-diff.js';
import { learnDraft } from '../services/learn.js';
import { fillTrendBuckets, TREND_DEFAULT_SPAN_MS, TREND_MAX_BUCKETS, bucketCount } from '../services/trend.js';

type FieldError = { field: string; message: string };

/** Validates a fingerprint document; field-level errors instead of one message. */
function checkFingerprint(doc: unknown): { ok: true; fp: Fingerprint } | { ok: false; errors: FieldError[] } {
  const parsed = fingerprintSchema.safeParse(doc);
  if (parsed.success) return { ok: true, fp: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(document)', message: i.message })) };
}

function requireFingerprint(doc: unknown): Fingerprint {
  const r = checkFingerprint(doc);
  if (!r.ok) throw new HttpProblem(422, 'Invalid fingerprint', 'the fingerprint document has invalid fields', { errors: r.errors });
  return r.fp;
}

const actor = (req: Request) => ({ actorKeyId: req.principal?.keyId ?? null, actorName: req.principal?.name ?? 'unknown' });

/** /v1/narratives: counts, versions and diffs, create/update/retire, validate, learn, trend. */
export function narrativesRouter(deps: ApiDeps): Router {
  const r = Router();
  const now = () => deps.now?.() ?? new Date();

  r.get('/', async (_req, res) => {
    const rows = await narrativeRepository.listNarrativesWithCounts(deps.db, now());
    res.json({
      data: rows.map((n) => {
        const doc = n.document as { title?: Record<string, string>; languages?: Record<string, unknown>; tlp?: string; disarm?: string[] };
        return {
          id: n.id, version: n.version, status: n.status, title: doc.title ?? {}, languages: Object.keys(doc.languages ?? {}),
          tlp: doc.tlp ?? null, disarm: doc.disarm ?? [], updatedAt: n.updated_at, flags24h: n.flags24h, flags7d: n.flags7d,
        };
      }),
    });
  });

  r.post('/', async (req, res) => {
    const fp = requireFingerprint(req.body);
    if (await narrativeRepository.getCurrentDocument(deps.db, fp.id)) {
      throw new HttpProblem(409, 'Conflict', `narrative ${fp.id} exists: update it with PUT /v1/narratives/${fp.id}`);
    }
    const result = await narrativeRepository.publishFingerprint(deps.db, fp, req.principal!.name);
    await auditRepository.recordAudit(deps.db, { ...actor(req), action: 'narrative.create', targetType: 'narrative', targetId: fp.id, details: { version: result.version } });
    res.status(201).json(result);
  });

  r.post('/validate', async (req, res) => {
    const v = checkFingerprint(req.body);
    res.json(v.ok ? { valid: true, errors: [], fingerprint: v.fp } : { valid: false, errors: v.errors, fingerprint: null });
  });

  r.post('/learn', async (req, res) => {
    const body = learnBodySchema.parse(req.body ?? {});
    res.json(await learnDraft(deps, body));
  });

  r.get('/:id', async (req, res) => {
    const { id } = narrativeParamsSchema.parse(req.params);
    const n = await narrativeRepository.getNarrativeWithVersions(deps.db, id);
    if (!n) throw new HttpProblem(404, 'Not found', `no narrative ${id}`);
    res.json({
      id: n.id, currentVersion: n.current_version, status: n.status, createdAt: n.created_at, updatedAt: n.updated_at,
      versions: n.versions.map((v) => ({ version: v.version, status: v.status, createdBy: v.created_by, createdAt: v.created_at, document: v.document })),
    });
  });

  r.put('/:id', async (req, res) => {
    const { id } = narrativeParamsSchema.parse(req.params);
    const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? { id, ...req.body } : req.body;
    const fp = requireFingerprint(body);
    if (fp.id !== id) throw new HttpProblem(422, 'Invalid fingerprint', 'the document id differs from the path', { errors: [{ field: 'id', message: `must be "${id}" (the narrative in the path)` }] });
    const current = await narrativeRepository.getCurrentDocument(deps.db, id);
    if (!current) throw new HttpProblem(404, 'Not found', `no narrative ${id}: create it with POST /v1/narratives`);
    // A client that sends the current document back unchanged, or omits version, still gets a new version when it changed.
    const result = await narrativeRepository.publishFingerprint(deps.db, { ...fp, version: Math.max(fp.version, current.version) }, req.principal!.name);
    if (result.changed) {
      await auditRepository.recordAudit(deps.db, { ...actor(req), action: 'narrative.update', targetType: 'narrative', targetId: id, details: { version: result.version } });
    }
    res.json(result);
  });

  r.post('/:id/retire', async (req, res) => {
    const { id } = narrativeParamsSchema.parse(req.params);
    const current = await narrativeRepository.getCurrentDocument(deps.db, id);
    if (!current) throw new HttpProblem(404, 'Not found', `no narrative ${id}`);
    const fp = requireFingerprint({ ...(current.document as object), status: 'retired' });
    const result = await narrativeRepository.publishFingerprint(deps.db, fp, req.principal!.name);
    if (result.changed) {
      await auditRepository.recordAudit(deps.db, { ...actor(req), action: 'narrative.retire', targetType: 'narrative', targetId: id, details: { version: result.version } });
    }
    res.json(result);
  });

  r.get('/:id/diff', async (req, res) => {
    const { id } = narrativeParamsSchema.parse(req.params);
    const q = narrativeDiffQuerySchema.parse(req.query);
    const [a, b] = await Promise.all([
      narrativeRepository.getNarrativeVersion(deps.db, id, q.from),
      narrativeRepository.getNarrativeVersion(deps.db, id, q.to),
    ]);
    if (!a || !b) throw new HttpProblem(404, 'Not found', `narrative ${id} has no version ${!a ? q.from : q.to}`);
    const changes = diffDocuments({ ...a.document, status: a.status }, { ...b.document, status: b.status });
    res.json({ id, from: q.from, to: q.to, changes });
  });

  r.get('/:id/trend', async (req, res) => {
    const { id } = narrativeParamsSchema.parse(req.params);
    const q = trendQuerySchema.parse(req.query);
    const until = q.until ?? now();
    const since = q.since ?? new Date(until.getTime() - TREND_DEFAULT_SPAN_MS[q.bucket]);
    if (since >= until) throw new HttpProblem(400, 'Invalid request', 'one or more fields are invalid', { errors: [{ field: 'since', message: 'must be before until' }] });
    if (bucketCount(q.bucket, since, until) > TREND_MAX_BUCKETS) {
      throw new HttpProblem(400, 'Invalid request', 'one or more fields are invalid', {
        errors: [{ field: 'bucket', message: `the range holds more than ${TREND_MAX_BUCKETS} ${q.bucket} buckets: narrow since/until or use a larger bucket` }],
      });
    }
    if (!(await narrativeRepository.getCurrentDocument(deps.db, id))) throw new HttpProblem(404, 'Not found', `no narrative ${id}`);
    const rows = await statsRepository.narrativeTrend(deps.db, { narrative: id, bucket: q.bucket, since, until, timeField: q.timeField });
    res.json({ narrative: id, bucket: q.bucket, since, until, buckets: fillTrendBuckets(q.bucket, since, until, rows) });
  });

  return r;
}
