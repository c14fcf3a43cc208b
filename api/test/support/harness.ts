import type { Express } from 'express';
import request from 'supertest';
import { createLogger, loadConfig, type Config } from '@narmon/shared';
import { apiKeyRepository, type Role } from '@narmon/shared/db';
import { buildMatcherIndex } from '@narmon/shared/pipeline/analyze';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.js';
import { testQueuePrefix } from '../../../test/support/redis.js';
import { closeApp, createApp } from '../../src/app.js';
import { lazyLanguageDetector, type ApiDeps } from '../../src/deps.js';
import { ResponseValidator } from './openapi.js';

export interface CallOptions {
  key?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  /** Skip the OpenAPI check (only for responses that are deliberately outside the contract, e.g. /docs HTML). */
  unchecked?: boolean;
}

export interface ApiHarness {
  t: TestDatabase;
  app: Express;
  deps: ApiDeps;
  keys: Record<Role, string>;
  validator: ResponseValidator;
  /** A request through supertest whose response is validated against the served OpenAPI document. */
  call(method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, options?: CallOptions): Promise<request.Response>;
  close(): Promise<void>;
}

/** A migrated database of its own, the real app (Redis rate limiting under a private prefix) and one key per role. */
export async function startApiHarness(options: { env?: Record<string, string>; now?: () => Date } = {}): Promise<ApiHarness> {
  const t = await createTestDatabase();
  const config: Config = loadConfig(options.env ?? {});
  const deps: ApiDeps = {
    db: t.db, log: createLogger('silent'), config, languageDetector: lazyLanguageDetector(config),
    matcherIndex: () => buildMatcherIndex([]), redis: { url: 'redis://127.0.0.1:6379', prefix: testQueuePrefix() }, now: options.now,
  };
  const app = createApp(deps);
  const keys = {
    admin: (await apiKeyRepository.createApiKey(t.db, { name: 'test-admin', role: 'admin' })).key,
    analyst: (await apiKeyRepository.createApiKey(t.db, { name: 'test-analyst', role: 'analyst' })).key,
    partner: (await apiKeyRepository.createApiKey(t.db, { name: 'test-partner', role: 'partner', organization: 'lv-mfa' })).key,
  };
  const validator = await ResponseValidator.fromApp(app);
  return {
    t, app, deps, keys, validator,
    async call(method, path, o = {}) {
      let req = request(app)[method](path);
      const key = o.key === undefined ? keys.analyst : o.key;
      if (key) req = req.set('Authorization', `Bearer ${key}`);
      for (const [h, v] of Object.entries(o.headers ?? {})) req = req.set(h, v);
      if (o.body !== undefined) req = req.send(o.body as object);
      const res = await req;
      if (!o.unchecked) {
        const body = /json$/.test(res.type) ? res.body : res.text;
        validator.check(method, path, res.status, res.headers['content-type'], body);
      }
      return res;
    },
    async close() {
      await closeApp(app);
      await t.drop();
    },
  };
}
