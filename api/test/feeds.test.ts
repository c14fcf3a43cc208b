import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { feedHealthRepository } from '@narmon/shared/db';
import { startApiHarness, type ApiHarness } from './support/harness.js';

// Through the whole app (keys, roles, body parsing): every response is checked against /openapi.json.
let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness({ env: { FETCH_ALLOWLIST: 'intranet.example.test' } });
});
afterAll(async () => { await h.close(); });

const req = (method: 'get' | 'post' | 'patch', path: string, body?: unknown, headers?: Record<string, string>) => h.call(method, path, { body, headers });

describe('/v1/feeds', () => {
  it('adds a feed, lists it with health, shows its fetch events and changes its settings', async () => {
    const added = await req('post', '/v1/feeds', { url: 'https://news.example.org/rss', language: 'lv', tags: ['baltics'], intervalMinutes: 30 });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ url: 'https://news.example.org/rss', language: 'lv', tags: ['baltics'], intervalMinutes: 30, lastStatus: null, events: [] });
    const id = added.body.id as number;

    await feedHealthRepository.recordFetchEvent(h.t.db, id, { fetchedAt: new Date(), status: 'error', errorClass: 'timeout', errorMessage: 'timed out', durationMs: 30000 });
    const one = await req('get', `/v1/feeds/${id}`);
    expect(one.status).toBe(200);
    expect(one.body.events).toEqual([expect.objectContaining({ status: 'error', errorClass: 'timeout', durationMs: 30000 })]);

    const list = await req('get', '/v1/feeds');
    expect(list.body.data).toEqual([expect.objectContaining({ id, recentEvents: 1, recentErrors: 1 })]);

    const patched = await req('patch', `/v1/feeds/${id}`, { active: false, intervalMinutes: 120, tags: ['a', 'b'] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ active: false, intervalMinutes: 120, tags: ['a', 'b'] });

    expect((await req('post', '/v1/feeds', { url: 'https://news.example.org/rss' })).status).toBe(200);
  });

  it('pins an interval so the schedule keeps it, from now on, and releases it', async () => {
    const added = await req('post', '/v1/feeds', { url: 'https://pinned.example.org/rss', intervalMinutes: 60 });
    const id = added.body.id as number;
    expect(added.body).toMatchObject({ intervalMinutes: 60, intervalPinned: false });
    // A poll stretched the adaptive schedule to a day.
    const inADay = new Date(Date.now() + 24 * 3_600_000);
    await h.t.db.updateTable('feeds').set({ next_interval_ms: 24 * 3_600_000, next_poll_at: inADay }).where('id', '=', id).execute();

    const before = Date.now();
    const pinned = await req('patch', `/v1/feeds/${id}`, { intervalMinutes: 15, intervalPinned: true });
    expect(pinned.status).toBe(200);
    // The pinned interval is the schedule at once: the workers' resync reschedules from these.
    expect(pinned.body).toMatchObject({ intervalMinutes: 15, intervalPinned: true, nextIntervalMs: 15 * 60_000 });
    const nextPollAt = new Date(pinned.body.nextPollAt as string).getTime();
    expect(nextPollAt).toBeGreaterThanOrEqual(before + 15 * 60_000 - 5_000);
    expect(nextPollAt).toBeLessThanOrEqual(Date.now() + 15 * 60_000 + 5_000);

    // Changing a pinned interval moves the schedule too; releasing the pin leaves it for the next poll to adapt.
    expect((await req('patch', `/v1/feeds/${id}`, { intervalMinutes: 30 })).body).toMatchObject({ intervalPinned: true, nextIntervalMs: 30 * 60_000 });
    expect((await req('patch', `/v1/feeds/${id}`, { intervalPinned: false })).body).toMatchObject({ intervalPinned: false, nextIntervalMs: 30 * 60_000 });
    // An adaptive feed's schedule is not touched by a new starting interval.
    expect((await req('patch', `/v1/feeds/${id}`, { intervalMinutes: 45 })).body).toMatchObject({ intervalMinutes: 45, intervalPinned: false, nextIntervalMs: 30 * 60_000 });
    expect((await req('patch', `/v1/feeds/${id}`, { intervalPinned: 'yes' })).status).toBe(400);
  });

  it('refuses SSRF-unsafe URLs with 422 unless allowlisted, and bad bodies with 400', async () => {
    for (const url of ['http://127.0.0.1/feed', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/x', 'http://localhost:8080/']) {
      const res = await req('post', '/v1/feeds', { url });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body.title).toBe('Feed URL refused');
    }
    expect((await req('post', '/v1/feeds', { url: 'ftp://example.org/feed' })).status).toBe(400); // not a feed URL at all
    expect((await req('post', '/v1/feeds', { url: 'http://intranet.example.test/feed' })).status).toBe(201);
    expect((await req('post', '/v1/feeds', { url: 'not a url' })).status).toBe(400);
    expect((await req('patch', '/v1/feeds/999999', { active: true })).status).toBe(404);
    expect((await req('get', '/v1/feeds/999999')).status).toBe(404);
  });

  it('imports OPML (reporting refused entries) and exports OPML 2.0 that imports back', async () => {
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
      <outline text="Ukraine"><outline text="UP" xmlUrl="https://www.pravda.com.ua/rss/" language="uk"/></outline>
      <outline text="Internal" xmlUrl="http://10.1.2.3/rss"/></body></opml>`;
    const imported = await req('post', '/v1/feeds/import', opml, { 'content-type': 'text/xml' });
    expect(imported.status).toBe(200);
    expect(imported.body.added).toBe(1);
    expect(imported.body.rejected).toEqual([expect.objectContaining({ url: 'http://10.1.2.3/rss' })]);

    const exported = await req('get', '/v1/feeds/export');
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toMatch(/opml/);
    expect(exported.text).toContain('<opml version="2.0">');
    expect(exported.text).toContain('xmlUrl="https://www.pravda.com.ua/rss/"');
    expect(exported.text).toContain('category="Ukraine"');

    const bad = await req('post', '/v1/feeds/import', '<html/>', { 'content-type': 'text/xml' });
    expect(bad.status).toBe(422);
  });

  it('validates ids and bodies with the documented schemas and keeps partners out', async () => {
    const bad = await req('post', '/v1/feeds', { url: 'https://ok.example/rss', intervalMinutes: 1, extra: true });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(expect.arrayContaining(['intervalMinutes']));
    expect((await req('get', '/v1/feeds/abc')).status).toBe(400);
    expect((await req('get', '/v1/feeds/99999999999999999999')).status).toBe(400);
    expect((await req('patch', '/v1/feeds/1', { language: 'not a tag!' })).status).toBe(400);
    expect((await h.call('get', '/v1/feeds', { key: h.keys.partner })).status).toBe(403);
    expect((await h.call('get', '/v1/feeds', { key: null })).status).toBe(401);
  });

  it('is described in the served OpenAPI document', async () => {
    const paths = Object.keys(h.validator.document.paths).filter((p) => p.startsWith('/v1/feeds'));
    expect(paths.sort()).toEqual(['/v1/feeds', '/v1/feeds/export', '/v1/feeds/import', '/v1/feeds/{id}']);
  });
});
