import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Express } from 'express';
import request from 'supertest';
import { fingerprintSchema } from '@narmon/schemas';
import { createLogger, loadConfig } from '@narmon/shared';
import { apiKeyRepository, narrativeRepository } from '@narmon/shared/db';
import { buildMatcherIndex } from '@narmon/shared/pipeline/analyze';
import { createLanguageDetector } from '@narmon/shared/pipeline/language';
import { TLP_MARKING_IDS } from '@narmon/shared/stix';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import { createStixValidator } from '../../shared/test/stix/oasis-validator.js';
import { closeApp, createApp } from '../src/app.js';

const TAXII = 'application/taxii+json;version=2.1';
const GROUP = 'lv-jp-stratcom';
let t: TestDatabase;
let app: Express;
const keys: Record<'analyst' | 'partnerA' | 'partnerB' | 'partnerJp', string> = { analyst: '', partnerA: '', partnerB: '', partnerJp: '' };
let collectionId = '';

const fp = (id: string, tlp: string, extra: Record<string, unknown> = {}) => fingerprintSchema.parse({
  id, status: 'active', tlp, title: { eng: `Narrative ${id}`, lav: `Naratīvs ${id}` }, summary: { eng: `About ${id}` },
  languages: { eng: { terms: [{ t: 'nato' }, { t: 'provocation' }] } }, disarm: ['T0022', 'T0023'], ...extra,
});

async function seedConfirmedFlags(narrative: string, perFeed: number, feeds: number) {
  for (let f = 0; f < feeds; f++) {
    const feed = await t.db.insertInto('feeds').values({ url: `https://outlet${f}.example/rss/${narrative}`, title: `Outlet ${f} ${narrative}`, interval_minutes: 60 }).returning('id').executeTakeFirstOrThrow();
    for (let i = 0; i < perFeed; i++) {
      const item = await t.db.insertInto('items').values({
        feed_id: feed.id, identity_key: `guid:${narrative}-${f}-${i}`, link: `https://outlet${f}.example/${narrative}/${i}`, title: `Item ${i}`, text: 'nato provocation',
        language: 'lav', language_confidence: 0.9, published_at: new Date(Date.UTC(2026, 2, 1, i)),
      }).returning('id').executeTakeFirstOrThrow();
      await t.db.insertInto('flags').values({
        item_id: item.id, narrative_id: narrative, narrative_version: 1, score: 5, status: 'confirmed',
        explanation: JSON.stringify({ language: 'lav', coverage: 0.5, terms: [{ term: 'nato', kind: 'term', weight: 1, offsets: [[0, 4]] }] }),
      }).execute();
    }
  }
}

const taxiiGet = (path: string, key: string) => request(app).get(path).set('Accept', TAXII).auth('user', key);
const objectsPath = (id: string) => `/taxii2/api/collections/${id}/objects/`;

/** Pages a collection with `next` until `more` is false; returns every object handed out. */
async function pageAll(key: string, limit: number) {
  const all: Array<Record<string, unknown>> = [];
  let next: string | undefined;
  for (let n = 0; n < 500; n++) {
    const res = await taxiiGet(`${objectsPath(collectionId)}?limit=${limit}${next ? `&next=${next}` : ''}`, key);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as { more: boolean; next?: string; objects?: Array<Record<string, unknown>> };
    all.push(...(body.objects ?? []));
    if (!body.more) return all;
    next = body.next;
  }
  throw new Error('paging did not end');
}

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, log: createLogger('silent'), config: loadConfig({ STIX_IDENTITY_NAME: 'narmon Riga' }), languageDetector: async () => createLanguageDetector(), matcherIndex: () => buildMatcherIndex([]) });
  keys.analyst = (await apiKeyRepository.createApiKey(t.db, { name: 'riga-analyst', role: 'analyst' })).key;
  keys.partnerA = (await apiKeyRepository.createApiKey(t.db, { name: 'lv-partner', role: 'partner', organization: 'lv-stratcom' })).key;
  keys.partnerB = (await apiKeyRepository.createApiKey(t.db, { name: 'outsider', role: 'partner', organization: 'elsewhere' })).key;
  keys.partnerJp = (await apiKeyRepository.createApiKey(t.db, { name: 'jp-partner', role: 'partner', organization: 'jp-stratcom' })).key;
  for (const [id, tlp] of [['clear-one', 'clear'], ['green-one', 'green'], ['amber-one', 'amber'], ['strict-one', 'amber+strict'], ['red-one', 'red']] as const) {
    await narrativeRepository.publishFingerprint(t.db, fp(id, tlp), 'test');
  }
  await seedConfirmedFlags('green-one', 4, 3);
  await seedConfirmedFlags('amber-one', 2, 1);

  const analyst = (r: request.Test) => r.set('Authorization', `Bearer ${keys.analyst}`);
  const created = await analyst(request(app).post('/v1/sharing-groups')).send({ id: GROUP, title: 'Latvia-Japan StratCom', maxTlp: 'amber+strict' });
  expect(created.status).toBe(201);
  collectionId = created.body.collectionId;
  expect((await analyst(request(app).put(`/v1/sharing-groups/${GROUP}/members/lv-stratcom`)).send({ clearance: 'green' })).status).toBe(200);
  expect((await analyst(request(app).put(`/v1/sharing-groups/${GROUP}/members/jp-stratcom`)).send({ clearance: 'amber+strict' })).status).toBe(200);
  for (const narrative of ['clear-one', 'green-one', 'amber-one']) {
    const res = await analyst(request(app).post(`/v1/sharing-groups/${GROUP}/publish`)).send({ narrative });
    expect(res.status).toBe(201);
  }
  const strict = await analyst(request(app).post(`/v1/sharing-groups/${GROUP}/publish`)).send({ narrative: 'strict-one', recipient: 'jp-stratcom' });
  expect(strict.status).toBe(201);
});
afterAll(async () => {
  await closeApp(app);
  await t.drop();
});

describe('publishing', () => {
  it('never exports RED, and AMBER+STRICT needs its one recipient', async () => {
    const red = await request(app).post(`/v1/sharing-groups/${GROUP}/publish`).set('Authorization', `Bearer ${keys.analyst}`).send({ narrative: 'red-one' });
    expect(red.status).toBe(422);
    expect(red.body.detail).toMatch(/RED is never exported/);
    const strict = await request(app).post(`/v1/sharing-groups/${GROUP}/publish`).set('Authorization', `Bearer ${keys.analyst}`).send({ narrative: 'strict-one' });
    expect(strict.status).toBe(422);
  });

  it('publishing the same narrative again adds nothing', async () => {
    const again = await request(app).post(`/v1/sharing-groups/${GROUP}/publish`).set('Authorization', `Bearer ${keys.analyst}`).send({ narrative: 'green-one' });
    expect(again.status).toBe(200);
    expect(again.body.added).toBe(0);
  });
});

describe('TAXII 2.1 for partner A (GREEN, member)', () => {
  it('pages with limit=2 and gets every CLEAR and GREEN object exactly once, never an AMBER one', async () => {
    const objects = await pageAll(keys.partnerA, 2);
    const keysSeen = objects.map((o) => `${String(o.id)}@${String(o.modified ?? o.created ?? '')}`);
    expect(new Set(keysSeen).size).toBe(keysSeen.length);
    const expected = await t.db.selectFrom('stix_objects').select(['stix_id']).where('collection_id', '=', collectionId).where('tlp', 'in', ['clear', 'green']).execute();
    expect(objects.map((o) => o.id).sort()).toEqual(expected.map((r) => r.stix_id).sort());
    // one publish call put many objects in: the GREEN narrative with 12 confirmed items in 3 outlets
    expect(objects.filter((o) => o.type === 'sighting')).toHaveLength(3);
    expect(objects.filter((o) => o.type === 'media-content')).toHaveLength(12);
    for (const o of objects) {
      const refs = (o.object_marking_refs as string[] | undefined) ?? [];
      expect(refs).not.toContain(TLP_MARKING_IDS.amber);
      expect(refs).not.toContain(TLP_MARKING_IDS['amber+strict']);
      expect(refs).not.toContain(TLP_MARKING_IDS.red);
    }
    expect(objects.some((o) => o.type === 'narrative' && o.name === 'Narrative amber-one')).toBe(false);
  });

  it('pages by added_after with X-TAXII-Date-Added-Last (the medallion way) without missing any object', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let n = 0; n < 500; n++) {
      const res = await taxiiGet(`${objectsPath(GROUP)}?limit=2${after ? `&added_after=${after}` : ''}`, keys.partnerA);
      const body = JSON.parse(res.text) as { objects?: Array<{ id: string }> };
      if (!body.objects?.length) break;
      seen.push(...body.objects.map((o) => o.id));
      after = res.headers['x-taxii-date-added-last'];
      expect(after).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    }
    const viaNext = await pageAll(keys.partnerA, 5);
    expect(seen.sort()).toEqual(viaNext.map((o) => String(o.id)).sort());
  });

  it('lists its collection, the manifest and single objects', async () => {
    const cols = await taxiiGet('/taxii2/api/collections/', keys.partnerA);
    expect(cols.status).toBe(200);
    expect(cols.headers['content-type']).toBe(TAXII);
    expect(JSON.parse(cols.text).collections.map((c: { id: string }) => c.id)).toEqual([collectionId]);
    const manifest = JSON.parse((await taxiiGet(`/taxii2/api/collections/${collectionId}/manifest/?match[type]=narrative`, keys.partnerA)).text);
    expect(manifest.objects.map((m: { media_type: string }) => m.media_type)).toEqual(['application/stix+json;version=2.1', 'application/stix+json;version=2.1']);
    const narrativeId = manifest.objects[0].id;
    const one = await taxiiGet(`/taxii2/api/collections/${collectionId}/objects/${narrativeId}/`, keys.partnerA);
    expect(JSON.parse(one.text).objects[0].id).toBe(narrativeId);
    const versions = JSON.parse((await taxiiGet(`/taxii2/api/collections/${collectionId}/objects/${narrativeId}/versions/`, keys.partnerA)).text);
    expect(versions.versions).toHaveLength(1);
    const discovery = await taxiiGet('/taxii2/', keys.partnerA);
    expect(JSON.parse(discovery.text).api_roots[0]).toMatch(/\/taxii2\/api\/$/);
  });

  it('sees an AMBER+STRICT object only when it is for its own organisation', async () => {
    const jp = await pageAll(keys.partnerJp, 50);
    expect(jp.some((o) => o.name === 'Narrative strict-one')).toBe(true);
    expect(jp.some((o) => o.name === 'Narrative amber-one')).toBe(true);
    const lv = await pageAll(keys.partnerA, 50);
    expect(lv.some((o) => o.name === 'Narrative strict-one')).toBe(false);
  });
});

describe('partner B (not a member)', () => {
  it('gets 404 and learns nothing about the collection', async () => {
    for (const path of [objectsPath(collectionId), objectsPath(GROUP), `/taxii2/api/collections/${collectionId}/`, `/taxii2/api/collections/${collectionId}/manifest/`]) {
      const res = await taxiiGet(path, keys.partnerB);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe(TAXII);
      expect(res.text).not.toMatch(/Narrative|Latvia|stratcom/i);
    }
    const unknown = await taxiiGet(objectsPath('00000000-0000-4000-8000-000000000000'), keys.partnerB);
    expect(unknown.body).toEqual((await taxiiGet(objectsPath(collectionId), keys.partnerB)).body);
    expect(JSON.parse((await taxiiGet('/taxii2/api/collections/', keys.partnerB)).text)).toEqual({});
    const post = await request(app).post(objectsPath(collectionId)).set('Accept', TAXII).set('Content-Type', TAXII).auth('x', keys.partnerB).send(JSON.stringify({ objects: [] }));
    expect(post.status).toBe(404);
  });
});

describe('media types and errors', () => {
  it('answers 406 to a wrong Accept header, 415 to a wrong Content-Type, 401 as TAXII errors', async () => {
    const wrong = await request(app).get(objectsPath(collectionId)).set('Accept', 'application/json').auth('u', keys.partnerA);
    expect(wrong.status).toBe(406);
    expect(wrong.headers['content-type']).toBe(TAXII);
    expect(JSON.parse(wrong.text)).toMatchObject({ title: 'Not Acceptable', http_status: '406' });
    const badType = await request(app).post(objectsPath(collectionId)).set('Accept', TAXII).set('Content-Type', 'application/json').auth('u', keys.partnerA).send({ objects: [] });
    expect(badType.status).toBe(415);
    const noKey = await request(app).get(objectsPath(collectionId)).set('Accept', TAXII);
    expect(noKey.status).toBe(401);
    expect(JSON.parse(noKey.text).http_status).toBe('401');
  });
});

describe('inbound: a partner POST', () => {
  it('round-trips into GET /v1/partner-objects and a draft fingerprint', async () => {
    const narrativeStix = (await pageAll(keys.partnerA, 100)).find((o) => o.type === 'narrative' && o.name === 'Narrative green-one')!;
    const now = '2026-03-05T12:00:00.000Z';
    const theirNarrative = {
      type: 'narrative', spec_version: '2.1', id: 'narrative--3f1d2c4b-5a6e-4f70-8b9c-0d1e2f3a4b5c', created: now, modified: now,
      name: 'Ukrainian refugees take Latvian jobs', description: 'Claims refugees displace workers.', lang: 'en',
      created_by_ref: 'identity--aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', object_marking_refs: [TLP_MARKING_IDS.green],
    };
    const uses = {
      type: 'relationship', spec_version: '2.1', id: 'relationship--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', created: now, modified: now,
      relationship_type: 'uses', source_ref: theirNarrative.id, target_ref: 'attack-pattern--b3aee8a3-1d1a-4e33-a6cc-e2e3e5e1b1b2', object_marking_refs: [TLP_MARKING_IDS.green],
    };
    const sighting = {
      type: 'sighting', spec_version: '2.1', id: 'sighting--6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e', created: now, modified: now,
      sighting_of_ref: narrativeStix.id, count: 2, object_marking_refs: [TLP_MARKING_IDS.green],
    };
    const bad = { type: 'sighting', spec_version: '2.1', id: 'sighting--00000000-0000-4000-8000-000000000009', created: now, modified: now };
    const res = await request(app).post(objectsPath(collectionId)).set('Accept', TAXII).set('Content-Type', TAXII).auth('lv', keys.partnerA)
      .send(JSON.stringify({ objects: [theirNarrative, uses, sighting, bad] }));
    expect(res.status).toBe(202);
    const status = JSON.parse(res.text);
    expect(status).toMatchObject({ status: 'complete', total_count: 4, success_count: 3, failure_count: 1 });
    expect(status.failures[0].message).toMatch(/sighting_of_ref/);
    const again = await taxiiGet(`/taxii2/api/status/${status.id}/`, keys.partnerA);
    expect(JSON.parse(again.text).id).toBe(status.id);

    const list = await request(app).get('/v1/partner-objects').set('Authorization', `Bearer ${keys.analyst}`);
    expect(list.status).toBe(200);
    const byType = Object.fromEntries(list.body.data.map((o: { type: string }) => [o.type, o]));
    expect(byType.sighting).toMatchObject({ tlp: 'green', group: GROUP, source: { organization: 'lv-stratcom', key: 'lv-partner' } });
    expect(byType.sighting.object.sighting_of_ref).toBe(narrativeStix.id);
    expect((await request(app).get('/v1/partner-objects').set('Authorization', `Bearer ${keys.partnerA}`)).status).toBe(403);

    const draft = await request(app).post(`/v1/partner-objects/${byType.narrative.id}/draft-fingerprint`).set('Authorization', `Bearer ${keys.analyst}`);
    expect(draft.status).toBe(201);
    const stored = (await narrativeRepository.listCurrentFingerprints(t.db)).find((n) => n.id === draft.body.fingerprintId)!;
    expect(stored.status).toBe('draft');
    expect(stored.document).toMatchObject({ title: { eng: 'Ukrainian refugees take Latvian jobs' }, tlp: 'green' });

    // the JP member sees the LV partner's GREEN sighting in the shared collection
    expect((await pageAll(keys.partnerJp, 100)).some((o) => o.id === sighting.id)).toBe(true);
    // partner A may delete what it posted, not what narmon published
    expect((await request(app).delete(`/taxii2/api/collections/${collectionId}/objects/${sighting.id}/`).set('Accept', TAXII).auth('lv', keys.partnerA)).status).toBe(200);
    expect((await request(app).delete(`/taxii2/api/collections/${collectionId}/objects/${narrativeStix.id}/`).set('Accept', TAXII).auth('lv', keys.partnerA)).status).toBe(403);
  });

  it('refuses an object above the collection maximum or marked RED', async () => {
    const now = '2026-03-05T12:00:00.000Z';
    const redNote = { type: 'note', spec_version: '2.1', id: 'note--11111111-2222-4333-8444-555555555555', created: now, modified: now, content: 'x', object_refs: ['narrative--3f1d2c4b-5a6e-4f70-8b9c-0d1e2f3a4b5c'], object_marking_refs: [TLP_MARKING_IDS.red] };
    const res = await request(app).post(objectsPath(collectionId)).set('Accept', TAXII).set('Content-Type', TAXII).auth('lv', keys.partnerA).send(JSON.stringify({ objects: [redNote] }));
    expect(JSON.parse(res.text)).toMatchObject({ success_count: 0, failure_count: 1 });
  });
});

describe('validation', () => {
  it('every object narmon emitted passes the OASIS STIX 2.1 schemas', async () => {
    const validator = createStixValidator();
    const objects = await pageAll(keys.analyst, 1000);
    const ours = objects.filter((o) => !String(o.id).match(/3f1d2c4b|0a1b2c3d/)); // partner-posted objects are theirs
    const problems = ours.flatMap((o) => validator.validate(o));
    expect(problems).toEqual([]);
    expect(ours.length).toBeGreaterThan(60);
  });
});
