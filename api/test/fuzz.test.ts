import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import request from 'supertest';
import { startApiHarness, type ApiHarness } from './support/harness.js';
import { fingerprint, insertFeeds, insertFlag, insertItems, publish } from './support/fixtures.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness({ env: { API_RATE_LIMIT_PER_MINUTE: '1000000' } });
  const feeds = await insertFeeds(h.t.db, 1);
  await publish(h.t.db, 'vaccine-chips');
  const items = await insertItems(h.t.db, [{ feed: feeds[0]!, title: 'Vaccines and chips', language: 'eng', publishedHours: 1 }]);
  await insertFlag(h.t.db, { item: items[0]!, narrative: 'vaccine-chips', score: 4, flaggedHours: 2 });
});
afterAll(async () => { await h.close(); });

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const ROUTES: Array<[Method, string]> = [
  ['get', '/healthz'], ['get', '/readyz'],
  ['get', '/v1/flags'], ['get', '/v1/flags/{id}'], ['patch', '/v1/flags/{id}'],
  ['get', '/v1/narratives'], ['post', '/v1/narratives'], ['post', '/v1/narratives/validate'], ['post', '/v1/narratives/learn'],
  ['get', '/v1/narratives/{nid}'], ['put', '/v1/narratives/{nid}'], ['post', '/v1/narratives/{nid}/retire'],
  ['get', '/v1/narratives/{nid}/diff'], ['get', '/v1/narratives/{nid}/trend'],
  ['get', '/v1/stats'], ['get', '/v1/items'], ['get', '/v1/items/{id}'],
  ['get', '/v1/keys'], ['post', '/v1/keys'], ['delete', '/v1/keys/{id}'],
  ['get', '/v1/feeds'], ['post', '/v1/feeds'], ['get', '/v1/feeds/{id}'], ['patch', '/v1/feeds/{id}'],
  ['get', '/v1/feeds/export'], ['post', '/v1/feeds/import'],
  ['get', '/v1/sharing-groups'], ['post', '/v1/sharing-groups'], ['get', '/v1/sharing-groups/{id}'],
  ['put', '/v1/sharing-groups/{id}/members/{organization}'], ['delete', '/v1/sharing-groups/{id}/members/{organization}'],
  ['post', '/v1/sharing-groups/{id}/publish'],
  ['get', '/v1/partner-objects'], ['post', '/v1/partner-objects/{id}/draft-fingerprint'],
];
const PARAMS = ['narrative', 'language', 'feed', 'status', 'minScore', 'since', 'until', 'timeField', 'q', 'sort', 'order', 'limit', 'cursor',
  'bucket', 'from', 'to', 'days', 'id'];

const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom("' or 1=1 --", '"; drop table flags; --', '\u0000', '%00', '1e309', '-1', '0', 'NaN', '9999999999999999999999', '2026-02-31',
    '2026-13-01T00:00:00Z', '99999-01-01', 'vaccine-chips', 'rus', 'eng', 'new', 'score', 'asc', 'hour', 'week', '500', '501', '1', 'eyJzIjoxfQ',
    'a'.repeat(300), '\\', '%', '_', '&', '<script>', '🙂', 'ё', 'published', 'flagged'),
);
const idSegment = fc.oneof(fc.constantFrom('1', '2', '0', '-5', 'abc', '1.5', '99999999999999999999', 'vaccine-chips', 'NOPE'), fc.string({ maxLength: 20 }));
const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...PARAMS), fc.string({ maxLength: 10 })), nasty), { maxLength: 6 });
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record({ status: nasty, note: fc.oneof(nasty, fc.integer()) }, { requiredKeys: [] }),
  fc.record({ name: nasty, role: fc.oneof(nasty, fc.constantFrom('admin', 'analyst', 'partner')), organization: nasty }, { requiredKeys: [] }),
  fc.record({ id: fc.oneof(nasty, fc.constant('fuzz-one')), title: fc.oneof(nasty, fc.constant('T')), examples: fc.array(fc.oneof(nasty, fc.record({ text: nasty, language: nasty })), { maxLength: 4 }) }, { requiredKeys: [] }),
  fc.constant(fingerprint('fuzz-created') as unknown),
  fc.record({ id: fc.constant('vaccine-chips'), title: fc.dictionary(nasty, nasty, { maxKeys: 2 }), languages: fc.dictionary(nasty, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }) }),
);
const auth = fc.constantFrom<'admin' | 'analyst' | 'partner' | 'none' | 'garbage' | 'basic'>('admin', 'admin', 'analyst', 'analyst', 'partner', 'none', 'garbage', 'basic');
const extraHeaders = fc.record({
  accept: fc.constantFrom('application/json', 'text/csv', '*/*', 'text/html', 'application/xml', ''),
  'x-request-id': fc.oneof(fc.constant(''), fc.string({ maxLength: 80 })),
  'content-type': fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1'),
}, { requiredKeys: [] });

// What must never reach a client: stack frames, file paths, SQL or driver error text.
const LEAKS = /\bat [\w.<>]+ \(|node_modules|\.ts:\d+|syntax error at|relation "|column "|violates|invalid input syntax|duplicate key|SQLSTATE|pg_catalog|kysely|ZodError|TypeError|ReferenceError/i;

describe('random requests to every endpoint', () => {
  it('never answer 5xx, a stack trace or SQL text, and stay inside the contract', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), idSegment, query, body, auth, extraHeaders, fc.boolean(), async ([method, template], id, q, b, who, headers, sendBody) => {
        const path = template.replace('{id}', encodeURIComponent(id)).replace('{nid}', encodeURIComponent(id)).replace('{organization}', encodeURIComponent(id));
        const qs = q.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        const url = qs ? `${path}?${qs}` : path;
        let req = request(h.app)[method](url);
        if (who === 'garbage') req = req.set('Authorization', 'Bearer nmk_garbage');
        else if (who === 'basic') req = req.auth('x', h.keys.analyst);
        else if (who !== 'none') req = req.set('Authorization', `Bearer ${h.keys[who]}`);
        for (const [k, v] of Object.entries(headers)) if (v) req = req.set(k, v);
        if (sendBody && method !== 'get') req = req.send(JSON.stringify(b) ?? 'null');
        const res = await req;
        const text = res.text ?? '';
        if (res.status >= 500 || LEAKS.test(text)) {
          throw new Error(`${method.toUpperCase()} ${url} -> ${res.status}: ${text.slice(0, 400)}`);
        }
        if (res.status >= 400) expect(res.type).toBe('application/problem+json');
        h.validator.check(method, url, res.status, res.headers['content-type'], /json$/.test(res.type) ? res.body : res.text);
      }),
      { numRuns: 400 },
    );
  });
});
