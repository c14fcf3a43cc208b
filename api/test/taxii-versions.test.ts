// TAXII 2.1 object versions: match[version] (first, last, all, timestamps and their unions) on the
// objects, object, manifest and DELETE endpoints, always among the versions the caller may see;
// and the per-key rate limit answered as a TAXII error.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { apiKeyRepository, sharingGroupRepository } from '@narmon/shared/db';
import { TLP_MARKING_IDS } from '@narmon/shared/stix';
import { startApiHarness, type ApiHarness } from './support/harness.js';

const TAXII = 'application/taxii+json;version=2.1';
let h: ApiHarness;
let base = '';
let otherPartner = '';

const V = ['2026-03-01T10:00:00.000Z', '2026-03-02T10:00:00.000Z', '2026-03-03T10:00:00.000Z', '2026-03-04T10:00:00.000Z'];
const NOTE = 'note--1b6d5a52-8c3e-4f1a-9d2b-7e4f6a8c0d11';
const OTHER = 'note--2c7e6b63-9d4f-4a2b-8e3c-8f5a7b9d1e22';
const INTERNAL = 'note--3d8f7c74-ae50-4b3c-9f4d-9a6b8cae2f33';

/** Version i of a note (content changes with it, so every version is a real change). */
const note = (id: string, i: number, tlp: 'green' | 'amber' = 'green') => ({
  type: 'note', spec_version: '2.1', id, created: V[0], modified: V[i], content: `version ${i + 1}`,
  object_refs: ['narrative--3f1d2c4b-5a6e-4f70-8b9c-0d1e2f3a4b5c'], object_marking_refs: [TLP_MARKING_IDS[tlp]],
});

const get = (path: string, key: string) => request(h.app).get(`${base}${path}`).set('Accept', TAXII).auth('taxii', key);
const del = (path: string, key: string) => request(h.app).delete(`${base}${path}`).set('Accept', TAXII).auth('taxii', key);
const post = (objects: unknown[], key: string) => request(h.app).post(`${base}/objects/`).set('Accept', TAXII).set('Content-Type', TAXII)
  .auth('taxii', key).send(JSON.stringify({ objects }));
const body = (res: request.Response) => JSON.parse(res.text) as Record<string, any>;
/** The versions of `id` in an objects envelope, as their contents. */
const contents = (res: request.Response, id = NOTE) => ((body(res).objects ?? []) as Array<{ id: string; content: string }>)
  .filter((o) => o.id === id).map((o) => o.content).sort();
const versionsOf = async (id: string, key: string) => {
  const res = await get(`/objects/${id}/versions/`, key);
  return res.status === 404 ? 'not found' : (body(res).versions as string[]);
};

beforeAll(async () => {
  h = await startApiHarness({ env: { API_RATE_LIMIT_PER_MINUTE: '100000' } });
  const g = await sharingGroupRepository.createSharingGroup(h.t.db, { id: 'versions-group', title: 'Versions', maxTlp: 'amber' });
  await sharingGroupRepository.upsertMember(h.t.db, g.id, { organization: 'lv-mfa', clearance: 'green' });
  await sharingGroupRepository.upsertMember(h.t.db, g.id, { organization: 'jp-mofa', clearance: 'amber' });
  otherPartner = (await apiKeyRepository.createApiKey(h.t.db, { name: 'jp', role: 'partner', organization: 'jp-mofa' })).key;
  base = `/taxii2/api/collections/${g.collectionId}`;
  // The partner (cleared GREEN) posts three GREEN versions and a fourth at AMBER, which it cannot read back.
  const posted = await post([note(NOTE, 0), note(NOTE, 1), note(NOTE, 2), note(NOTE, 3, 'amber'), note(OTHER, 0), note(OTHER, 1), note(OTHER, 2)], h.keys.partner);
  expect(body(posted)).toMatchObject({ success_count: 7, failure_count: 0 });
  // Our analysts post a note of their own (owned by no partner).
  expect(body(await post([note(INTERNAL, 0), note(INTERNAL, 1)], h.keys.analyst))).toMatchObject({ success_count: 2 });
});
afterAll(async () => { await h.close(); });

describe('match[version] on GET objects', () => {
  it('defaults to the last version the caller may see', async () => {
    expect(contents(await get('/objects/', h.keys.partner))).toEqual(['version 3']);
    expect(contents(await get('/objects/', h.keys.analyst))).toEqual(['version 4']);
    expect(contents(await get('/objects/', otherPartner))).toEqual(['version 4']);
  });

  it('first, last, all, a timestamp, and unions of them', async () => {
    const p = (q: string) => get(`/objects/?match[version]=${q}`, h.keys.partner).then((r) => contents(r));
    expect(await p('first')).toEqual(['version 1']);
    expect(await p('last')).toEqual(['version 3']);
    expect(await p('all')).toEqual(['version 1', 'version 2', 'version 3']);
    expect(await p(V[1]!)).toEqual(['version 2']);
    expect(await p('first,last')).toEqual(['version 1', 'version 3']);
    expect(await p(`${V[1]},last`)).toEqual(['version 2', 'version 3']);
    expect(await p(`${V[0]},${V[2]}`)).toEqual(['version 1', 'version 3']);
    expect(await p(`last,all`)).toEqual(['version 1', 'version 2', 'version 3']);
    // The AMBER version exists, but not for this partner: asking for it by timestamp finds nothing.
    expect(await p(V[3]!)).toEqual([]);
    expect(await get(`/objects/?match[version]=${V[3]}`, h.keys.analyst).then((r) => contents(r))).toEqual(['version 4']);
  });

  it('pages through all versions with limit and next, each exactly once', async () => {
    const seen: string[] = [];
    let next = '';
    for (let i = 0; i < 20; i++) {
      const res = body(await get(`/objects/?match[version]=all&match[id]=${NOTE},${OTHER}&limit=2${next ? `&next=${next}` : ''}`, h.keys.partner));
      seen.push(...res.objects.map((o: { id: string; modified: string }) => `${o.id}@${o.modified}`));
      if (!res.more) break;
      next = res.next;
    }
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });

  it('answers a malformed match[version] with a TAXII 400', async () => {
    for (const q of ['newest', '2026-03-01', 'last,yesterday', '']) {
      const res = await get(`/objects/?match[version]=${q}`, h.keys.partner);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toBe(TAXII);
      expect(body(res)).toMatchObject({ title: 'Bad match[version]', http_status: '400' });
    }
  });
});

describe('match[version] on one object, its versions and the manifest', () => {
  it('GET objects/{id} follows the same rules', async () => {
    expect(contents(await get(`/objects/${NOTE}/`, h.keys.partner))).toEqual(['version 3']);
    expect(contents(await get(`/objects/${NOTE}/?match[version]=first`, h.keys.partner))).toEqual(['version 1']);
    expect(contents(await get(`/objects/${NOTE}/?match[version]=all`, h.keys.partner))).toEqual(['version 1', 'version 2', 'version 3']);
    expect(contents(await get(`/objects/${NOTE}/?match[version]=${V[1]}`, h.keys.partner))).toEqual(['version 2']);
    const missing = await get(`/objects/${NOTE}/?match[version]=2020-01-01T00:00:00.000Z`, h.keys.partner);
    expect(missing.status).toBe(404);
    expect(body(missing).http_status).toBe('404');
  });

  it('versions lists every visible version; the manifest carries each version', async () => {
    expect(await versionsOf(NOTE, h.keys.partner)).toEqual([V[0], V[1], V[2]]);
    expect(await versionsOf(NOTE, h.keys.analyst)).toEqual([V[0], V[1], V[2], V[3]]);
    const manifest = body(await get(`/manifest/?match[id]=${NOTE}&match[version]=first,last`, h.keys.partner));
    expect(manifest.objects.map((m: { version: string }) => m.version)).toEqual([V[0], V[2]]);
    expect(manifest.objects[0]).toEqual({ id: NOTE, version: V[0], date_added: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/), media_type: 'application/stix+json;version=2.1' });
  });
});

describe('DELETE with match[version]', () => {
  it('deletes exactly the versions selected, among those the caller may see', async () => {
    expect((await del(`/objects/${NOTE}/?match[version]=${V[1]}`, h.keys.partner)).status).toBe(200);
    expect(await versionsOf(NOTE, h.keys.partner)).toEqual([V[0], V[2]]);
    expect((await del(`/objects/${NOTE}/?match[version]=first`, h.keys.partner)).status).toBe(200);
    expect(await versionsOf(NOTE, h.keys.partner)).toEqual([V[2]]);
    // "last" for this partner is version 3: the AMBER version 4 it cannot see is neither its last nor deleted.
    expect((await del(`/objects/${NOTE}/?match[version]=last`, h.keys.partner)).status).toBe(200);
    expect(await versionsOf(NOTE, h.keys.partner)).toBe('not found');
    expect(await versionsOf(NOTE, h.keys.analyst)).toEqual([V[3]]);
  });

  it('answers 404 when nothing matches, 400 to a malformed match[version], and deletes nothing then', async () => {
    const none = await del(`/objects/${OTHER}/?match[version]=2020-01-01T00:00:00.000Z`, h.keys.partner);
    expect(none.status).toBe(404);
    expect(none.headers['content-type']).toBe(TAXII);
    expect((await del(`/objects/${OTHER}/?match[version]=newest`, h.keys.partner)).status).toBe(400);
    expect(await versionsOf(OTHER, h.keys.partner)).toEqual([V[0], V[1], V[2]]);
  });

  it('without match[version] deletes every version of the object', async () => {
    expect((await del(`/objects/${OTHER}/`, h.keys.partner)).status).toBe(200);
    expect(await versionsOf(OTHER, h.keys.analyst)).toBe('not found');
    expect((await get(`/objects/${OTHER}/`, h.keys.partner)).status).toBe(404);
  });

  it('lets a partner delete only what its organisation posted, whatever the version', async () => {
    for (const q of ['', '?match[version]=first', `?match[version]=${V[0]}`]) {
      const res = await del(`/objects/${INTERNAL}/${q}`, h.keys.partner);
      expect(res.status).toBe(403);
      expect(body(res).http_status).toBe('403');
    }
    expect(await versionsOf(INTERNAL, h.keys.analyst)).toEqual([V[0], V[1]]);
    expect((await del(`/objects/${INTERNAL}/?match[version]=last`, h.keys.analyst)).status).toBe(200);
    expect(await versionsOf(INTERNAL, h.keys.analyst)).toEqual([V[0]]);
  });
});

describe('rate limiting on /taxii2', () => {
  it('shares the per-key budget and answers 429 as a TAXII error with Retry-After', async () => {
    const limited = await startApiHarness({ env: { API_RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const taxii = (key: string) => request(limited.app).get('/taxii2/api/collections/').set('Accept', TAXII).auth('taxii', key);
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await taxii(limited.keys.partner)).status);
      expect(statuses).toEqual([200, 200, 200]);
      const res = await taxii(limited.keys.partner);
      expect(res.status).toBe(429);
      expect(res.headers['content-type']).toBe(TAXII);
      expect(body(res)).toMatchObject({ title: 'Too Many Requests', http_status: '429' });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      // One budget per key across the analyst API and TAXII.
      const analyst = (path: string) => request(limited.app).get(path).set('Accept', TAXII).set('Authorization', `Bearer ${limited.keys.analyst}`);
      expect((await analyst('/v1/sharing-groups')).status).toBe(200);
      expect((await analyst('/taxii2/api/collections/')).status).toBe(200);
      expect((await analyst('/taxii2/')).status).toBe(200);
      expect((await analyst('/v1/sharing-groups')).status).toBe(429);
      // A wrong key is refused before it can spend anyone's budget.
      expect((await taxii('nmk_not-a-key')).status).toBe(401);
    } finally {
      await limited.close();
    }
  });
});
