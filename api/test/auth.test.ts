import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import request from 'supertest';
import { createLogger, loadConfig } from '@narmon/shared';
import { apiKeyRepository } from '@narmon/shared/db';
import { buildMatcherIndex } from '@narmon/shared/pipeline/analyze';
import { createLanguageDetector } from '@narmon/shared/pipeline/language';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import { authenticate, requireRole } from '../src/http/auth.js';
import { errorHandler } from '../src/http/problem.js';
import type { ApiDeps } from '../src/deps.js';

let t: TestDatabase;
let deps: ApiDeps;
let app: express.Express;
let analystKey: string;
let partnerKey: string;

beforeAll(async () => {
  t = await createTestDatabase();
  deps = { db: t.db, log: createLogger('silent'), config: loadConfig({}), languageDetector: async () => createLanguageDetector(), matcherIndex: () => buildMatcherIndex([]) };
  app = express();
  app.get('/analyst-only', authenticate(deps), requireRole('admin', 'analyst'), (req, res) => { res.json(req.principal); });
  app.use(errorHandler(deps.log));
  analystKey = (await apiKeyRepository.createApiKey(t.db, { name: 'ana', role: 'analyst' })).key;
  partnerKey = (await apiKeyRepository.createApiKey(t.db, { name: 'lv', role: 'partner', organization: 'lv-mfa' })).key;
});
afterAll(async () => { await t.drop(); });

describe('authenticate and requireRole', () => {
  it('answers 401 problem+json with WWW-Authenticate without a key', async () => {
    const res = await request(app).get('/analyst-only');
    expect(res.status).toBe(401);
    expect(res.type).toBe('application/problem+json');
    expect(res.headers['www-authenticate']).toMatch(/Bearer/);
  });

  it('answers 401 for an unknown key and a malformed header', async () => {
    expect((await request(app).get('/analyst-only').set('Authorization', 'Bearer nmk_nope')).status).toBe(401);
    expect((await request(app).get('/analyst-only').set('Authorization', 'Bearer')).status).toBe(401);
    expect((await request(app).get('/analyst-only').set('Authorization', 'Digest xyz')).status).toBe(401);
  });

  it('accepts a Bearer key and sets the principal (never the key)', async () => {
    const res = await request(app).get('/analyst-only').set('Authorization', `Bearer ${analystKey}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ keyId: expect.any(Number), name: 'ana', role: 'analyst', organization: null });
  });

  it('accepts the key as the HTTP Basic password', async () => {
    const res = await request(app).get('/analyst-only').auth('anyone', analystKey);
    expect(res.status).toBe(200);
  });

  it('answers 403 for a role without the right', async () => {
    const res = await request(app).get('/analyst-only').set('Authorization', `Bearer ${partnerKey}`);
    expect(res.status).toBe(403);
    expect(res.type).toBe('application/problem+json');
  });

  it('stores only a hash and rejects a revoked key', async () => {
    const created = await apiKeyRepository.createApiKey(t.db, { name: 'temp', role: 'admin' });
    const stored = await t.db.selectFrom('api_keys').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(created.key);
    expect(created.key.startsWith(stored.key_prefix)).toBe(true);
    expect(await apiKeyRepository.revokeApiKey(t.db, created.id)).toBe(true);
    expect(await apiKeyRepository.revokeApiKey(t.db, created.id)).toBe(false);
    const res = await request(app).get('/analyst-only').set('Authorization', `Bearer ${created.key}`);
    expect(res.status).toBe(401);
  });
});
