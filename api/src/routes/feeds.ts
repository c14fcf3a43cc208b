import express, { Router } from 'express';
import { feedAddBodySchema, feedPatchBodySchema, idParamsSchema } from '@narmon/schemas/api';
import { NarmonError } from '@narmon/shared';
import { feedRepository } from '@narmon/shared/db';
import { addFeed, exportOpml, getFeedWithEvents, importOpml, listFeedsWithHealth, UnsafeFeedUrlError } from '@narmon/shared/feeds';
import type { ApiDeps } from '../deps.js';
import { HttpProblem } from '../http/problem.js';

/** /v1/feeds: list with health, one feed with its last fetch events, add, change, OPML in and out. */
export function feedsRouter(deps: ApiDeps): Router {
  const r = Router();
  const limits = () => ({ allowlist: deps.config.FETCH_ALLOWLIST, defaultIntervalMinutes: deps.config.FEED_DEFAULT_INTERVAL_MINUTES });

  r.get('/', async (_req, res) => {
    res.json({ data: await listFeedsWithHealth(deps.db) });
  });

  r.get('/export', async (_req, res) => {
    res.type('text/x-opml; charset=utf-8').send(await exportOpml(deps.db));
  });

  r.post('/import', express.text({ type: ['text/xml', 'application/xml', 'text/x-opml', 'application/octet-stream', 'text/plain'], limit: '2mb' }), async (req, res) => {
    if (typeof req.body !== 'string' || !req.body.trim()) throw new HttpProblem(400, 'Bad request', 'send the OPML document as the body (Content-Type: text/xml)');
    try {
      res.json(await importOpml(deps.db, req.body, limits()));
    } catch (err) {
      if (err instanceof NarmonError && err.code === 'invalid-opml') throw new HttpProblem(422, 'Invalid OPML', err.message);
      throw err;
    }
  });

  r.get('/:id', async (req, res) => {
    const { id } = idParamsSchema.parse(req.params);
    const feed = await getFeedWithEvents(deps.db, id);
    if (!feed) throw new HttpProblem(404, 'Not found', `no feed ${id}`);
    res.json(feed);
  });

  r.post('/', async (req, res) => {
    const body = feedAddBodySchema.parse(req.body);
    try {
      const existed = await feedRepository.getFeedByUrl(deps.db, body.url);
      const feed = await addFeed(deps.db, body, limits());
      res.status(existed ? 200 : 201).location(`/v1/feeds/${feed.id}`).json(await getFeedWithEvents(deps.db, feed.id));
    } catch (err) {
      if (err instanceof UnsafeFeedUrlError) throw new HttpProblem(422, 'Feed URL refused', err.message);
      throw err;
    }
  });

  r.patch('/:id', async (req, res) => {
    const { id } = idParamsSchema.parse(req.params);
    const body = feedPatchBodySchema.parse(req.body);
    const updated = await feedRepository.updateFeedSettings(deps.db, id, body);
    if (!updated) throw new HttpProblem(404, 'Not found', `no feed ${id}`);
    res.json(await getFeedWithEvents(deps.db, id));
  });

  return r;
}
