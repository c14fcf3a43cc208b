import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import request from 'supertest';
import { loadConfig } from '@narmon/shared';
import { createLogger } from '@narmon/shared/log';
import { feedHealthRepository } from '@narmon/shared/db';
import type { ApiDeps } from '../src/deps.js';
import { errorHandler } from '../src/http/problem.js';
import { feedsRouter } from '../src/routes/feeds.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';

let t: TestDatabase;
let app: express.Express;
beforeAll(async () => {
  t = await createTestDatabase();
  const config = { ...loadConfig({}), FETCH_ALLOWLIST: ['intranet.example.test'] };
  const log = createLogger('silent');
  const deps = { db: t.db, log, config } as unknown as ApiDeps;
  app = express();
  app.use(express.json());
  app.use('/v1/feeds', feedsRouter(deps));
  app.use(errorHandler(log));
});
afterAll(async () => { await t.drop(); });

describe('/v1/feeds', () => {
  it('adds a feed, lists it with health, shows its fetch events and changes its settings', async () => {
    const added = await request(app).post('/v1/feeds').send({ url: 'https://news.example.org/rss', language: 'lv', tags: ['baltics'], intervalMinutes: 30 });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ url: 'https://news.example.org/rss', language: 'lv', tags: ['baltics'], intervalMinutes: 30, lastStatus: null, events: [] });
    const id = added.body.id as number;

    await feedHealthRepository.recordFetchEvent(t.db, id, { fetchedAt: new Date(), status: 'error', errorClass: 'timeout', errorMessage: 'timed out', durationMs: 30000 });
    const one = await request(app).get(`/v1/feeds/${id}`);
    expect(one.status).toBe(200);
    expect(one.body.events).toEqual([expect.objectContaining({ status: 'error', errorClass: 'timeout', durationMs: 30000 })]);

    const list = await request(app).get('/v1/feeds');
    expect(list.body.data).toEqual([expect.objectContaining({ id, recentEvents: 1, recentErrors: 1 })]);

    const patched = await request(app).patch(`/v1/feeds/${id}`).send({ active: false, intervalMinutes: 120, tags: ['a', 'b'] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ active: false, intervalMinutes: 120, tags: ['a', 'b'] });

    expect((await request(app).post('/v1/feeds').send({ url: 'https://news.example.org/rss' })).status).toBe(200);
  });

  it('refuses SSRF-unsafe URLs with 422 unless allowlisted, and bad bodies with 400', async () => {
    for (const url of ['http://127.0.0.1/feed', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/x', 'http://localhost:8080/']) {
      const res = await request(app).post('/v1/feeds').send({ url });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body.title).toBe('Feed URL refused');
    }
    expect((await request(app).post('/v1/feeds').send({ url: 'ftp://example.org/feed' })).status).toBe(400); // not a feed URL at all
    expect((await request(app).post('/v1/feeds').send({ url: 'http://intranet.example.test/feed' })).status).toBe(201);
    expect((await request(app).post('/v1/feeds').send({ url: 'not a url' })).status).toBe(400);
    expect((await request(app).patch('/v1/feeds/999999').send({ active: true })).status).toBe(404);
    expect((await request(app).get('/v1/feeds/999999')).status).toBe(404);
  });

  it('imports OPML (reporting refused entries) and exports OPML 2.0 that imports back', async () => {
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
      <outline text="Ukraine"><outline text="UP" xmlUrl="https://www.pravda.com.ua/rss/" language="uk"/></outline>
      <outline text="Internal" xmlUrl="http://10.1.2.3/rss"/></body></opml>`;
    const imported = await request(app).post('/v1/feeds/import').set('content-type', 'text/xml').send(opml);
    expect(imported.status).toBe(200);
    expect(imported.body.added).toBe(1);
    expect(imported.body.rejected).toEqual([expect.objectContaining({ url: 'http://10.1.2.3/rss' })]);

    const exported = await request(app).get('/v1/feeds/export');
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toMatch(/opml/);
    expect(exported.text).toContain('<opml version="2.0">');
    expect(exported.text).toContain('xmlUrl="https://www.pravda.com.ua/rss/"');
    expect(exported.text).toContain('category="Ukraine"');

    const bad = await request(app).post('/v1/feeds/import').set('content-type', 'text/xml').send('<html/>');
    expect(bad.status).toBe(422);
  });
});
