import { Router, type Response } from 'express';
import { flagListQuerySchema, flagReviewBodySchema, idParamsSchema, type FlagListQuery } from '@narmon/schemas/api';
import { auditRepository, flagRepository, type Db } from '@narmon/shared/db';
import type { ApiDeps } from '../deps.js';
import { csvLine } from '../http/csv.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../http/cursor.js';
import { HttpProblem } from '../http/problem.js';

type FlagRow = flagRepository.FlagRow;

export function flagJson(f: FlagRow) {
  return {
    id: f.id,
    narrative: f.narrative,
    version: f.version,
    score: f.score,
    status: f.status,
    flaggedAt: f.created_at,
    explanation: f.explanation,
    review: { at: f.reviewed_at, by: f.reviewed_by, note: f.review_note },
    item: { id: f.item_id, title: f.title, link: f.link, language: f.language, languageConfidence: f.language_confidence, published: f.item_published_at },
    feed: { id: f.feed_id, url: f.feed_url, title: f.feed_title },
  };
}

function toRepositoryQuery(q: FlagListQuery): flagRepository.FlagQuery {
  let after: flagRepository.FlagCursor | undefined;
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    const valueOk = q.sort === 'score' ? typeof c.v === 'number' && Number.isFinite(c.v)
      : typeof c.v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(c.v);
    if (c.s !== q.sort || c.o !== q.order || !valueOk || !Number.isSafeInteger(c.i) || (c.i as number) < 1) throw invalidCursor();
    after = { value: c.v as string | number, id: c.i as number };
  }
  return {
    narrative: q.narrative, language: q.language, feedId: q.feed, status: q.status, minScore: q.minScore,
    since: q.since, until: q.until, timeField: q.timeField, q: q.q, sort: q.sort, order: q.order, limit: q.limit, after,
  };
}

const CSV_HEADER = ['flag_id', 'narrative', 'version', 'score', 'status', 'flagged_at', 'item_id', 'title', 'link', 'language',
  'published', 'feed_id', 'feed_url', 'matched_terms', 'reviewed_by', 'reviewed_at', 'review_note'];

/** Streams every page of the query as CSV, page by page (keyset), waiting whenever the client is slower than the database. */
async function streamCsv(db: Db, query: flagRepository.FlagQuery, res: Response): Promise<void> {
  res.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="narmon-flags.csv"');
  res.write(csvLine(CSV_HEADER));
  let after = query.after;
  for (;;) {
    const { rows, next } = await flagRepository.queryFlags(db, { ...query, limit: 1000, after });
    for (const f of rows) {
      const terms = (f.explanation.terms ?? []).map((t) => (t as { term?: string; t?: string }).term ?? (t as { t?: string }).t ?? '').filter(Boolean).join(' ');
      const ok = res.write(csvLine([f.id, f.narrative, f.version, f.score, f.status, f.created_at, f.item_id, f.title, f.link, f.language,
        f.item_published_at, f.feed_id, f.feed_url, terms, f.reviewed_by, f.reviewed_at, f.review_note]));
      if (!ok) await new Promise<void>((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
      if (res.destroyed) return;
    }
    if (!next) break;
    after = next;
  }
  res.end();
}

/** /v1/flags: query (JSON or CSV), one flag with its review history, review. */
export function flagsRouter(deps: ApiDeps): Router {
  const r = Router();

  r.get('/', async (req, res) => {
    const q = flagListQuerySchema.parse(req.query);
    const query = toRepositoryQuery(q);
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') return streamCsv(deps.db, query, res);
    const { rows, next } = await flagRepository.queryFlags(deps.db, query);
    res.json({
      data: rows.map(flagJson),
      nextCursor: next ? encodeCursor({ s: q.sort, o: q.order, v: next.value, i: next.id }) : null,
    });
  });

  const detail = async (id: number) => {
    const flag = await flagRepository.getFlag(deps.db, id);
    if (!flag) throw new HttpProblem(404, 'Not found', `no flag ${id}`);
    const history = await auditRepository.auditTrail(deps.db, 'flag', String(id));
    return { ...flagJson(flag), history: history.map((h) => ({ at: h.at, actor: h.actor_name, action: h.action, details: h.details })) };
  };

  r.get('/:id', async (req, res) => {
    res.json(await detail(idParamsSchema.parse(req.params).id));
  });

  r.patch('/:id', async (req, res) => {
    const id = idParamsSchema.parse(req.params).id;
    const body = flagReviewBodySchema.parse(req.body ?? {});
    const principal = req.principal!;
    const found = await flagRepository.reviewFlag(deps.db, id, body, { keyId: principal.keyId, name: principal.name });
    if (!found) throw new HttpProblem(404, 'Not found', `no flag ${id}`);
    req.log?.info({ flag: id, status: body.status, keyId: principal.keyId }, 'flag reviewed');
    res.json(await detail(id));
  });
  return r;
}
