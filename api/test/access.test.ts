import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Validator } from '@seriousme/openapi-schema-validator';
import request from 'supertest';
import { startApiHarness, type ApiHarness } from './support/harness.js';

let h: ApiHarness;
beforeAll(async () => { h = await startApiHarness(); });
afterAll(async () => { await h.close(); });

describe('open routes and the contract', () => {
  it('serves health and the OpenAPI document without a key', async () => {
    expect((await h.call('get', '/healthz', { key: null })).body).toEqual({ status: 'ok' });
    expect((await h.call('get', '/readyz', { key: null })).body).toEqual({ status: 'ok', database: 'ok' });
    const doc = await request(h.app).get('/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
  });

  it('serves a document that passes an OpenAPI 3.1 validator', async () => {
    const doc = (await request(h.app).get('/openapi.json')).body;
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents every route the app answers', async () => {
    const paths = Object.keys(h.validator.document.paths);
    expect(paths).toEqual(expect.arrayContaining([
      '/v1/flags', '/v1/flags/{id}', '/v1/narratives', '/v1/narratives/{id}', '/v1/narratives/{id}/trend', '/v1/narratives/{id}/diff',
      '/v1/narratives/learn', '/v1/narratives/validate', '/v1/narratives/{id}/retire', '/v1/stats', '/v1/items', '/v1/items/{id}', '/v1/keys', '/v1/keys/{id}',
      '/v1/feeds', '/v1/feeds/{id}', '/v1/feeds/export', '/v1/feeds/import',
      '/v1/sharing-groups', '/v1/sharing-groups/{id}', '/v1/sharing-groups/{id}/members/{organization}', '/v1/sharing-groups/{id}/publish',
      '/v1/partner-objects', '/v1/partner-objects/{id}/draft-fingerprint',
    ]));
  });

  it('renders docs at /docs', async () => {
    const res = await request(h.app).get('/docs/');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/swagger-ui/i);
  });
});

describe('keys and roles', () => {
  it('answers 401 problem+json without a key, with a wrong one and with a revoked one', async () => {
    for (const key of [null, 'nmk_wrong', 'not-even-a-key']) {
      const res = await h.call('get', '/v1/flags', { key });
      expect(res.status).toBe(401);
      expect(res.type).toBe('application/problem+json');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
  });

  it('accepts the key as the HTTP Basic password', async () => {
    const res = await request(h.app).get('/v1/narratives').auth('ignored', h.keys.analyst);
    expect(res.status).toBe(200);
  });

  it('lets an admin create, list and revoke keys; the key is shown once', async () => {
    const created = await h.call('post', '/v1/keys', { key: h.keys.admin, body: { name: 'Estonian partner', role: 'partner', organization: 'ee-mfa' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Estonian partner', role: 'partner', organization: 'ee-mfa', revokedAt: null, key: expect.stringMatching(/^nmk_/) });
    const list = await h.call('get', '/v1/keys', { key: h.keys.admin });
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
    expect(list.body.data.map((k: { name: string }) => k.name)).toContain('Estonian partner');
    // The new key works until revoked.
    expect((await h.call('get', '/v1/narratives', { key: created.body.key })).status).toBe(403);
    const revoked = await h.call('delete', `/v1/keys/${created.body.id}`, { key: h.keys.admin });
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect((await h.call('get', '/v1/narratives', { key: created.body.key })).status).toBe(401);
    expect((await h.call('delete', `/v1/keys/${created.body.id}`, { key: h.keys.admin })).status).toBe(404);
    const audit = await h.t.db.selectFrom('audit_log').select(['action', 'actor_name']).where('target_type', '=', 'api_key').orderBy('id').execute();
    expect(audit).toEqual([{ action: 'key.create', actor_name: 'test-admin' }, { action: 'key.revoke', actor_name: 'test-admin' }]);
  });

  it('forbids an analyst to manage keys', async () => {
    const res = await h.call('post', '/v1/keys', { key: h.keys.analyst, body: { name: 'sneaky', role: 'admin' } });
    expect(res.status).toBe(403);
    expect(res.type).toBe('application/problem+json');
    expect((await h.call('get', '/v1/keys', { key: h.keys.analyst })).status).toBe(403);
    expect(await h.t.db.selectFrom('api_keys').select('id').where('name', '=', 'sneaky').execute()).toEqual([]);
  });

  it('forbids a partner to review flags or read the analyst API', async () => {
    expect((await h.call('patch', '/v1/flags/1', { key: h.keys.partner, body: { status: 'confirmed' } })).status).toBe(403);
    for (const path of ['/v1/flags', '/v1/narratives', '/v1/items', '/v1/stats', '/v1/keys']) {
      expect((await h.call('get', path, { key: h.keys.partner })).status).toBe(403);
    }
  });
});

describe('hygiene', () => {
  it('echoes a request id (or makes one) on every response', async () => {
    const mine = await h.call('get', '/v1/narratives', { headers: { 'X-Request-Id': 'trace-123' } });
    expect(mine.headers['x-request-id']).toBe('trace-123');
    const made = await h.call('get', '/v1/nothing-here');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.status).toBe(404);
    expect(made.body.instance).toBe(`urn:narmon:request:${made.headers['x-request-id']}`);
  });

  it('sets security headers', async () => {
    const res = await h.call('get', '/healthz', { key: null });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('refuses an oversized or malformed body as problem+json', async () => {
    const big = await h.call('post', '/v1/narratives/validate', { body: { id: 'x'.repeat(1024 * 1024 + 10) } });
    expect(big.status).toBe(413);
    expect(big.type).toBe('application/problem+json');
    const malformed = await request(h.app).post('/v1/narratives/validate').set('Authorization', `Bearer ${h.keys.analyst}`)
      .set('Content-Type', 'application/json').send('{"id": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.title).toBe('Malformed JSON');
    expect(malformed.text).not.toMatch(/at JSON\.parse|node_modules/);
  });
});

describe('rate limiting', () => {
  it('limits each key per minute through Redis and answers 429 with Retry-After', async () => {
    const limited = await startApiHarness({ env: { API_RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await limited.call('get', '/v1/narratives')).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const res = await limited.call('get', '/v1/narratives');
      expect(res.type).toBe('application/problem+json');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      // Another key has its own budget.
      expect((await limited.call('get', '/v1/narratives', { key: limited.keys.admin })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
