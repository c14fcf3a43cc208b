// /v1/partner-objects: what partners POSTed over TAXII, with provenance and TLP, for analysts; and a
// partner narrative turned into a draft fingerprint in one call.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { apiKeyRepository, narrativeRepository, sharingGroupRepository } from '@narmon/shared/db';
import { disarmTechnique } from '@narmon/shared/disarm';
import { TLP_MARKING_IDS } from '@narmon/shared/stix';
import { startApiHarness, type ApiHarness } from './support/harness.js';

const TAXII = 'application/taxii+json;version=2.1';
const NOW = '2026-03-05T12:00:00.000Z';
let h: ApiHarness;
let jpKey = '';

const NARRATIVE = {
  type: 'narrative', spec_version: '2.1', id: 'narrative--3f1d2c4b-5a6e-4f70-8b9c-0d1e2f3a4b5c', created: NOW, modified: NOW,
  name: 'Ukrainian refugees take Latvian jobs', description: 'Claims refugees displace Latvian workers.', lang: 'en', aliases: ['Refugee job theft'],
  external_references: [{ source_name: 'euvsdisinfo', url: 'https://euvsdisinfo.eu/report/example' }],
  object_marking_refs: [TLP_MARKING_IDS.green],
};
const USES = {
  type: 'relationship', spec_version: '2.1', id: 'relationship--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', created: NOW, modified: NOW,
  relationship_type: 'uses', source_ref: NARRATIVE.id, target_ref: disarmTechnique('T0022')!.stixId, object_marking_refs: [TLP_MARKING_IDS.green],
};
const SIGHTING = {
  type: 'sighting', spec_version: '2.1', id: 'sighting--6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e', created: NOW, modified: NOW,
  sighting_of_ref: NARRATIVE.id, count: 4, object_marking_refs: [TLP_MARKING_IDS.green],
};
const NOTE = {
  type: 'note', spec_version: '2.1', id: 'note--7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f', created: NOW, modified: NOW,
  content: 'Seen on three Telegram channels first.', object_refs: [NARRATIVE.id], // no marking: handled as AMBER
};

/** Through the whole app; every response is checked against the served /openapi.json (status documented, body valid). */
function api(method: 'get' | 'post', path: string, key: string | null) {
  return h.call(method, path, { key });
}
const taxiiPost = (collectionId: string, key: string, objects: unknown[]) => request(h.app).post(`/taxii2/api/collections/${collectionId}/objects/`)
  .set('Accept', TAXII).set('Content-Type', TAXII).auth('partner', key).send(JSON.stringify({ objects }));

function expectProblem(res: request.Response, status: number, detail?: RegExp) {
  expect({ status: res.status, type: res.type }).toEqual({ status, type: 'application/problem+json' });
  const errors = (res.body.errors ?? []) as Array<{ field: string; message: string }>;
  if (detail) expect([res.body.detail, ...errors.map((e) => `${e.field}: ${e.message}`)].join(' | ')).toMatch(detail);
}

beforeAll(async () => {
  h = await startApiHarness({ env: { API_RATE_LIMIT_PER_MINUTE: '100000' } });
  const lvjp = await sharingGroupRepository.createSharingGroup(h.t.db, { id: 'lv-jp-stratcom', title: 'LV-JP', maxTlp: 'amber' });
  const baltic = await sharingGroupRepository.createSharingGroup(h.t.db, { id: 'baltic', title: 'Baltic', maxTlp: 'green' });
  await sharingGroupRepository.upsertMember(h.t.db, lvjp.id, { organization: 'lv-mfa', clearance: 'amber' });
  await sharingGroupRepository.upsertMember(h.t.db, lvjp.id, { organization: 'jp-mofa', clearance: 'amber' });
  await sharingGroupRepository.upsertMember(h.t.db, baltic.id, { organization: 'jp-mofa', clearance: 'green' });
  jpKey = (await apiKeyRepository.createApiKey(h.t.db, { name: 'jp-partner', role: 'partner', organization: 'jp-mofa' })).key;
  const lv = await taxiiPost(lvjp.collectionId, h.keys.partner, [NARRATIVE, USES, SIGHTING, NOTE]);
  expect(JSON.parse(lv.text)).toMatchObject({ success_count: 4, failure_count: 0 });
  const jpNote = { ...NOTE, id: 'note--8d9e0f1a-2b3c-4d4e-9f5a-6b7c8d9e0f1a', object_marking_refs: [TLP_MARKING_IDS.clear] };
  expect(JSON.parse((await taxiiPost(baltic.collectionId, jpKey, [jpNote])).text)).toMatchObject({ success_count: 1 });
  // What our own analysts post into a collection is not a partner object.
  const ours = { ...NOTE, id: 'note--9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b', object_marking_refs: [TLP_MARKING_IDS.green] };
  expect(JSON.parse((await taxiiPost(lvjp.collectionId, h.keys.analyst, [ours])).text)).toMatchObject({ success_count: 1 });
});
afterAll(async () => { await h.close(); });

describe('GET /v1/partner-objects', () => {
  it('lists what partners sent, newest first, with provenance and TLP (unmarked objects as AMBER)', async () => {
    const res = await api('get', '/v1/partner-objects', h.keys.analyst);
    expect(res.status).toBe(200);
    expect(res.body.data.map((o: { type: string; group: string }) => `${o.group}:${o.type}`)).toEqual([
      'baltic:note', 'lv-jp-stratcom:note', 'lv-jp-stratcom:sighting', 'lv-jp-stratcom:relationship', 'lv-jp-stratcom:narrative',
    ]);
    const narrative = res.body.data.find((o: { type: string }) => o.type === 'narrative');
    expect(narrative).toMatchObject({
      group: 'lv-jp-stratcom', stixId: NARRATIVE.id, version: NOW, tlp: 'green', status: 'new', importedNarrative: null,
      source: { organization: 'lv-mfa', key: 'test-partner' }, object: { name: NARRATIVE.name },
    });
    expect(res.body.data.find((o: { group: string; type: string }) => o.group === 'lv-jp-stratcom' && o.type === 'note').tlp).toBe('amber');
    expect(res.body.next).toBeNull();
  });

  it('filters by type, group, source and status, and pages with limit and before', async () => {
    const ids = async (q: string) => (await api('get', `/v1/partner-objects?${q}`, h.keys.analyst)).body.data.map((o: { type: string; group: string }) => `${o.group}:${o.type}`);
    expect(await ids('type=note')).toEqual(['baltic:note', 'lv-jp-stratcom:note']);
    expect(await ids('group=baltic')).toEqual(['baltic:note']);
    expect(await ids('source=lv-mfa&type=sighting')).toEqual(['lv-jp-stratcom:sighting']);
    expect(await ids('status=imported')).toEqual([]);
    const page1 = (await api('get', '/v1/partner-objects?limit=2', h.keys.analyst)).body;
    expect(page1.data).toHaveLength(2);
    const page2 = (await api('get', `/v1/partner-objects?limit=2&before=${page1.next}`, h.keys.analyst)).body;
    const page3 = (await api('get', `/v1/partner-objects?limit=2&before=${page2.next}`, h.keys.analyst)).body;
    const all = [...page1.data, ...page2.data, ...page3.data].map((o: { id: number }) => o.id);
    expect(all).toHaveLength(5);
    expect(new Set(all).size).toBe(5);
    expect(page3.data).toHaveLength(1);
    expect(page3.next).toBeNull();
  });

  it('answers invalid filters with problem+json naming the field', async () => {
    expectProblem(await api('get', '/v1/partner-objects?limit=0', h.keys.analyst), 400, /limit: /);
    expectProblem(await api('get', '/v1/partner-objects?limit=many', h.keys.analyst), 400, /limit: /);
    expectProblem(await api('get', '/v1/partner-objects?status=archived', h.keys.analyst), 400, /status: /);
    expectProblem(await api('get', '/v1/partner-objects?type=Not%20A%20Type', h.keys.analyst), 400, /type: /);
    expectProblem(await api('get', '/v1/partner-objects?before=-3', h.keys.analyst), 400, /before: /);
  });

  it('is for analysts and admins: partners get 403, no key 401', async () => {
    expect((await api('get', '/v1/partner-objects', h.keys.admin)).status).toBe(200);
    expectProblem(await api('get', '/v1/partner-objects', h.keys.partner), 403, /partner role may not do this/);
    expectProblem(await api('get', '/v1/partner-objects', jpKey), 403);
    expectProblem(await api('get', '/v1/partner-objects', null), 401);
  });
});

describe('POST /v1/partner-objects/{id}/draft-fingerprint', () => {
  const idOf = async (type: string, group = 'lv-jp-stratcom') => (await api('get', `/v1/partner-objects?type=${type}&group=${group}`, h.keys.analyst)).body.data[0].id as number;

  it('turns a partner narrative into a draft fingerprint in one call, with its DISARM techniques and provenance', async () => {
    const id = await idOf('narrative');
    const res = await api('post', `/v1/partner-objects/${id}/draft-fingerprint`, h.keys.analyst);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ fingerprintId: expect.stringMatching(/^partner-lv-mfa-ukrainian-refugees/), version: 1, changed: true });
    const stored = (await narrativeRepository.listCurrentFingerprints(h.t.db)).find((n) => n.id === res.body.fingerprintId)!;
    expect(stored.status).toBe('draft');
    expect(stored.document).toMatchObject({
      title: { eng: NARRATIVE.name }, summary: { eng: NARRATIVE.description }, tlp: 'green', disarm: ['T0022'],
      refs: ['https://euvsdisinfo.eu/report/example'], tags: ['partner-import', 'alias:Refugee job theft'],
    });
    const listed = (await api('get', `/v1/partner-objects?status=imported`, h.keys.analyst)).body.data;
    expect(listed).toEqual([expect.objectContaining({ id, status: 'imported', importedNarrative: res.body.fingerprintId })]);

    // The same call again keeps the draft as it is.
    const again = await api('post', `/v1/partner-objects/${id}/draft-fingerprint`, h.keys.analyst);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ fingerprintId: res.body.fingerprintId, version: 1, changed: false });
  });

  it('answers 404 for what is not a partner narrative, 403 for partners', async () => {
    expectProblem(await api('post', `/v1/partner-objects/${await idOf('sighting')}/draft-fingerprint`, h.keys.analyst), 404, /no partner narrative/);
    expectProblem(await api('post', '/v1/partner-objects/999999/draft-fingerprint', h.keys.analyst), 404);
    expectProblem(await api('post', '/v1/partner-objects/abc/draft-fingerprint', h.keys.analyst), 404);
    expectProblem(await api('post', `/v1/partner-objects/${await idOf('narrative')}/draft-fingerprint`, h.keys.partner), 403);
  });
});

describe('the OpenAPI document', () => {
  type Operation = { tags?: string[]; description?: string; security?: unknown[]; responses: Record<string, unknown> };

  it('documents both partner-object routes for analysts and admins, with the statuses they answer', () => {
    const paths = h.validator.document.paths as unknown as Record<string, Record<string, Operation>>;
    const ops = Object.entries(paths).filter(([p]) => p.startsWith('/v1/partner-objects'))
      .flatMap(([p, byMethod]) => Object.entries(byMethod).map(([m, op]) => ({ route: `${m} ${p}`, op })));
    expect(ops.map((o) => o.route).sort()).toEqual(['get /v1/partner-objects', 'post /v1/partner-objects/{id}/draft-fingerprint']);
    for (const { route, op } of ops) {
      expect({ route, tags: op.tags, roles: /Roles: admin, analyst\.$/.test(op.description ?? ''), secured: (op.security ?? []).length > 0 })
        .toEqual({ route, tags: ['partners'], roles: true, secured: true });
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    }
    expect(Object.keys(ops.find((o) => o.route.startsWith('post'))!.op.responses)).toEqual(expect.arrayContaining(['201', '404']));
  });

  it('rejects a response that drifts from the documented shapes', async () => {
    const page = await api('get', '/v1/partner-objects?type=narrative', h.keys.analyst);
    const type = page.headers['content-type'];
    const check = (body: unknown, method = 'get', path = '/v1/partner-objects', status = 200) => () => h.validator.check(method, path, status, type, body);
    const [first] = page.body.data as Array<Record<string, unknown>>;
    expect(check(page.body)).not.toThrow();
    expect(check({ data: page.body.data })).toThrow(/required property 'next'/);
    expect(check({ ...page.body, next: String(first!.id) })).toThrow(/next/);
    expect(check({ data: [{ ...first, source: { organization: 'lv-mfa' } }], next: null })).toThrow(/key/);
    expect(check({ data: [{ ...first, status: 'archived' }], next: null })).toThrow(/status/);
    const draft = '/v1/partner-objects/1/draft-fingerprint';
    expect(check({ fingerprintId: 'partner-x', version: 1, changed: true }, 'post', draft, 201)).not.toThrow();
    expect(check({ fingerprintId: 'partner-x', version: '1', changed: true }, 'post', draft, 201)).toThrow(/version/);
    expect(check({ fingerprintId: 'partner-x', version: 1, changed: true }, 'post', draft, 409)).toThrow(/status 409 not documented/);
  });
});
