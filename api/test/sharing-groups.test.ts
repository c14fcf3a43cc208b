// /v1/sharing-groups: groups (TAXII collections), members and publishing, for analysts and admins only.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { fingerprintSchema } from '@narmon/schemas';
import { narrativeRepository } from '@narmon/shared/db';
import { startApiHarness, type ApiHarness } from './support/harness.js';

let h: ApiHarness;

/** Through the whole app; every response is checked against the served /openapi.json (status documented, body valid). */
function api(method: 'get' | 'post' | 'put' | 'delete', path: string, key: string | null, body?: unknown) {
  return h.call(method, path, { key, body });
}

type Operation = { tags?: string[]; description?: string; security?: unknown[]; responses: Record<string, { content?: Record<string, unknown> }> };

/** A problem+json answer with this status (and, when given, a detail or field errors matching). */
function expectProblem(res: request.Response, status: number, detail?: RegExp) {
  expect({ status: res.status, type: res.type }).toEqual({ status, type: 'application/problem+json' });
  expect(res.body).toMatchObject({ status, title: expect.any(String) });
  const errors = (res.body.errors ?? []) as Array<{ field: string; message: string }>;
  if (detail) expect([res.body.detail, ...errors.map((e) => `${e.field}: ${e.message}`)].join(' | ')).toMatch(detail);
}

const fp = (id: string, tlp: string) => fingerprintSchema.parse({
  id, status: 'active', tlp, title: { eng: `Narrative ${id}` }, languages: { eng: { terms: [{ t: 'nato' }] } }, disarm: ['T0022'],
});

beforeAll(async () => {
  h = await startApiHarness({ env: { API_RATE_LIMIT_PER_MINUTE: '100000' } });
  for (const [id, tlp] of [['green-one', 'green'], ['amber-one', 'amber'], ['strict-one', 'amber+strict'], ['red-one', 'red']] as const) {
    await narrativeRepository.publishFingerprint(h.t.db, fp(id, tlp), 'test');
  }
});
afterAll(async () => { await h.close(); });

describe('who may manage sharing groups', () => {
  it('refuses partners (403) and requests without a key (401); analysts and admins may', async () => {
    const attempts: Array<[ 'get' | 'post' | 'put' | 'delete', string, unknown?]> = [
      ['get', '/v1/sharing-groups'],
      ['post', '/v1/sharing-groups', { id: 'by-partner', title: 'x', maxTlp: 'green' }],
      ['get', '/v1/sharing-groups/anything'],
      ['put', '/v1/sharing-groups/anything/members/lv-mfa', { clearance: 'red' }],
      ['delete', '/v1/sharing-groups/anything/members/lv-mfa'],
      ['post', '/v1/sharing-groups/anything/publish', { narrative: 'green-one' }],
    ];
    for (const [method, path, body] of attempts) {
      expectProblem(await api(method, path, h.keys.partner, body), 403, /partner role may not do this/);
      expectProblem(await api(method, path, null, body), 401);
    }
    expect((await api('get', '/v1/sharing-groups/by-partner', h.keys.analyst)).status).toBe(404);
    expect((await api('get', '/v1/sharing-groups', h.keys.admin)).status).toBe(200);
  });
});

describe('groups and members', () => {
  it('creates a group with its own TAXII collection, lists it and shows it by id or collection id', async () => {
    const created = await api('post', '/v1/sharing-groups', h.keys.analyst, { id: 'lv-jp-stratcom', title: 'Latvia-Japan StratCom', maxTlp: 'amber+strict', description: 'Baltic and Japanese StratCom teams' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'lv-jp-stratcom', title: 'Latvia-Japan StratCom', maxTlp: 'amber+strict', description: 'Baltic and Japanese StratCom teams', members: [],
      collectionId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
    });
    expect((await api('post', '/v1/sharing-groups', h.keys.admin, { id: 'green-only', title: 'Green only', maxTlp: 'green' })).status).toBe(201);
    const list = await api('get', '/v1/sharing-groups', h.keys.analyst);
    expect(list.body.data.map((g: { id: string }) => g.id)).toEqual(['green-only', 'lv-jp-stratcom']);
    expect((await api('get', '/v1/sharing-groups/lv-jp-stratcom', h.keys.analyst)).body.collectionId).toBe(created.body.collectionId);
    expect((await api('get', `/v1/sharing-groups/${created.body.collectionId}`, h.keys.analyst)).body.id).toBe('lv-jp-stratcom');
  });

  it('refuses a duplicate (409), an unknown group (404) and invalid bodies (400 with the fields named)', async () => {
    expectProblem(await api('post', '/v1/sharing-groups', h.keys.analyst, { id: 'lv-jp-stratcom', title: 'Again', maxTlp: 'green' }), 409, /exists/);
    expectProblem(await api('get', '/v1/sharing-groups/no-such-group', h.keys.analyst), 404, /no sharing group "no-such-group"/);
    expectProblem(await api('post', '/v1/sharing-groups', h.keys.analyst, { id: 'Bad Id', title: 'x', maxTlp: 'green' }), 400, /id: .*lowercase slug/);
    expectProblem(await api('post', '/v1/sharing-groups', h.keys.analyst, { id: 'ok-id', title: '', maxTlp: 'green' }), 400, /title: /);
    expectProblem(await api('post', '/v1/sharing-groups', h.keys.analyst, { id: 'ok-id', title: 'x', maxTlp: 'white' }), 400, /maxTlp: /);
    expectProblem(await api('post', '/v1/sharing-groups', h.keys.analyst, {}), 400, /id: .*title: .*maxTlp: /);
    const malformed = await request(h.app).post('/v1/sharing-groups').set('Authorization', `Bearer ${h.keys.analyst}`).set('Content-Type', 'application/json').send('{"id": ');
    expectProblem(malformed, 400);
    h.validator.check('post', '/v1/sharing-groups', malformed.status, malformed.headers['content-type'], malformed.body);
    expect((await api('get', '/v1/sharing-groups/ok-id', h.keys.analyst)).status).toBe(404);
  });

  it('adds members, changes a clearance, removes a member', async () => {
    const lv = await api('put', '/v1/sharing-groups/lv-jp-stratcom/members/lv-mfa', h.keys.analyst, { clearance: 'green' });
    expect(lv.status).toBe(200);
    expect(lv.body.members).toEqual([{ organization: 'lv-mfa', clearance: 'green' }]);
    await api('put', '/v1/sharing-groups/lv-jp-stratcom/members/jp-mofa', h.keys.analyst, { clearance: 'amber' });
    const raised = await api('put', '/v1/sharing-groups/lv-jp-stratcom/members/jp-mofa', h.keys.analyst, { clearance: 'amber+strict' });
    expect(raised.body.members).toEqual([{ organization: 'jp-mofa', clearance: 'amber+strict' }, { organization: 'lv-mfa', clearance: 'green' }]);
    await api('put', '/v1/sharing-groups/lv-jp-stratcom/members/ee-mfa', h.keys.analyst, { clearance: 'clear' });
    expect((await api('delete', '/v1/sharing-groups/lv-jp-stratcom/members/ee-mfa', h.keys.analyst)).status).toBe(204);
    expect((await api('get', '/v1/sharing-groups/lv-jp-stratcom', h.keys.analyst)).body.members.map((m: { organization: string }) => m.organization)).toEqual(['jp-mofa', 'lv-mfa']);
  });

  it('refuses a bad clearance, an unknown group or a non-member', async () => {
    expectProblem(await api('put', '/v1/sharing-groups/lv-jp-stratcom/members/lv-mfa', h.keys.analyst, { clearance: 'top-secret' }), 400, /clearance: /);
    expectProblem(await api('put', '/v1/sharing-groups/lv-jp-stratcom/members/lv-mfa', h.keys.analyst, {}), 400, /clearance: /);
    expectProblem(await api('put', '/v1/sharing-groups/no-such-group/members/lv-mfa', h.keys.analyst, { clearance: 'green' }), 404);
    expectProblem(await api('delete', '/v1/sharing-groups/lv-jp-stratcom/members/ee-mfa', h.keys.analyst), 404, /no such member/);
    expectProblem(await api('delete', '/v1/sharing-groups/no-such-group/members/lv-mfa', h.keys.analyst), 404);
    expect((await api('get', '/v1/sharing-groups/lv-jp-stratcom', h.keys.analyst)).body.members).toContainEqual({ organization: 'lv-mfa', clearance: 'green' });
  });
});

describe('publishing', () => {
  it('publishes a narrative (201 with counts), and the same again adds nothing (200)', async () => {
    const first = await api('post', '/v1/sharing-groups/lv-jp-stratcom/publish', h.keys.analyst, { narrative: 'green-one' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      group: 'lv-jp-stratcom', tlp: 'green', reportId: expect.stringMatching(/^report--/), unchanged: 0,
      countsByType: { narrative: 1, 'attack-pattern': 1, relationship: 1, report: 1, 'marking-definition': 1 },
    });
    expect(first.body.added).toBeGreaterThan(5);
    const again = await api('post', '/v1/sharing-groups/lv-jp-stratcom/publish', h.keys.admin, { narrative: 'green-one' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ added: 0, reportId: null });
  });

  it('sends AMBER+STRICT only to a named member cleared for it', async () => {
    expectProblem(await api('post', '/v1/sharing-groups/lv-jp-stratcom/publish', h.keys.analyst, { narrative: 'strict-one' }), 422, /needs the one recipient organisation/);
    expectProblem(await api('post', '/v1/sharing-groups/lv-jp-stratcom/publish', h.keys.analyst, { narrative: 'strict-one', recipient: 'somebody-else' }), 422, /not a member of the group/);
    expectProblem(await api('post', '/v1/sharing-groups/lv-jp-stratcom/publish', h.keys.analyst, { narrative: 'strict-one', recipient: 'lv-mfa' }), 422, /cleared only up to TLP:GREEN/);
    const ok = await api('post', '/v1/sharing-groups/lv-jp-stratcom/publish', h.keys.analyst, { narrative: 'strict-one', recipient: 'jp-mofa' });
    expect(ok.status).toBe(201);
    expect(ok.body.tlp).toBe('amber+strict');
  });

  it('never exports RED, nor above the group maximum; unknown names are 404; bad bodies 400', async () => {
    expectProblem(await api('post', '/v1/sharing-groups/lv-jp-stratcom/publish', h.keys.analyst, { narrative: 'red-one' }), 422, /TLP:RED is never exported/);
    expectProblem(await api('post', '/v1/sharing-groups/green-only/publish', h.keys.analyst, { narrative: 'amber-one' }), 422, /above the group's maximum TLP:GREEN/);
    expectProblem(await api('post', '/v1/sharing-groups/no-such-group/publish', h.keys.analyst, { narrative: 'green-one' }), 404, /no sharing group/);
    expectProblem(await api('post', '/v1/sharing-groups/lv-jp-stratcom/publish', h.keys.analyst, { narrative: 'no-such-narrative' }), 404, /no narrative/);
    expectProblem(await api('post', '/v1/sharing-groups/lv-jp-stratcom/publish', h.keys.analyst, {}), 400, /narrative: /);
    expectProblem(await api('post', '/v1/sharing-groups/lv-jp-stratcom/publish', h.keys.analyst, { narrative: 'green-one', includeConfirmedFlags: 'yes' }), 400, /includeConfirmedFlags: /);
    expectProblem(await api('post', '/v1/sharing-groups/green-only/publish', h.keys.analyst, { narrative: 'green-one', flagsOnly: true }), 422, /no confirmed flags/);
    const red = await h.t.db.selectFrom('stix_objects').select('tlp').where('tlp', '=', 'red').execute();
    expect(red).toEqual([]);
    const greenOnly = await h.t.db.selectFrom('stix_objects as o').innerJoin('sharing_groups as g', 'g.collection_id', 'o.collection_id')
      .select('o.stix_id').where('g.id', '=', 'green-only').execute();
    expect(greenOnly).toEqual([]);
  });
});

describe('the OpenAPI document', () => {
  it('documents every sharing-group route for analysts and admins, with the statuses the routes answer', () => {
    const paths = h.validator.document.paths as unknown as Record<string, Record<string, Operation>>;
    const ops = Object.entries(paths).filter(([p]) => p.startsWith('/v1/sharing-groups'))
      .flatMap(([p, byMethod]) => Object.entries(byMethod).map(([m, op]) => ({ route: `${m} ${p}`, op })));
    expect(ops.map((o) => o.route).sort()).toEqual([
      'delete /v1/sharing-groups/{id}/members/{organization}', 'get /v1/sharing-groups', 'get /v1/sharing-groups/{id}',
      'post /v1/sharing-groups', 'post /v1/sharing-groups/{id}/publish', 'put /v1/sharing-groups/{id}/members/{organization}',
    ]);
    for (const { route, op } of ops) {
      expect({ route, tags: op.tags, roles: /Roles: admin, analyst\.$/.test(op.description ?? ''), secured: (op.security ?? []).length > 0 })
        .toEqual({ route, tags: ['sharing'], roles: true, secured: true });
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '401', '403']));
    }
    const statuses = (route: string) => Object.keys(ops.find((o) => o.route === route)!.op.responses);
    expect(statuses('post /v1/sharing-groups')).toEqual(expect.arrayContaining(['201', '409']));
    expect(statuses('get /v1/sharing-groups/{id}')).toEqual(expect.arrayContaining(['200', '404']));
    expect(statuses('put /v1/sharing-groups/{id}/members/{organization}')).toEqual(expect.arrayContaining(['200', '404']));
    expect(statuses('delete /v1/sharing-groups/{id}/members/{organization}')).toEqual(expect.arrayContaining(['204', '404']));
    expect(statuses('post /v1/sharing-groups/{id}/publish')).toEqual(expect.arrayContaining(['200', '201', '404', '422']));
  });

  it('rejects a response that drifts from the documented shapes', async () => {
    const group = await api('get', '/v1/sharing-groups/lv-jp-stratcom', h.keys.analyst);
    const type = group.headers['content-type'];
    const check = (body: unknown, method = 'get', path = '/v1/sharing-groups/lv-jp-stratcom', status = 200) => () => h.validator.check(method, path, status, type, body);
    expect(check(group.body)).not.toThrow();
    const { members: _members, ...withoutMembers } = group.body as Record<string, unknown>;
    expect(check(withoutMembers)).toThrow(/required property 'members'/);
    expect(check({ ...group.body, maxTlp: 'white' })).toThrow(/maxTlp/);
    expect(check({ ...group.body, members: [{ organization: 'lv-mfa' }] })).toThrow(/clearance/);
    expect(check({ data: [{ ...group.body, createdAt: 'yesterday' }] }, 'get', '/v1/sharing-groups')).toThrow(/createdAt/);
    const published = { group: 'lv-jp-stratcom', collectionId: group.body.collectionId, tlp: 'green', reportId: null, added: 0, unchanged: 3, countsByType: { narrative: 1 } };
    expect(check(published, 'post', '/v1/sharing-groups/lv-jp-stratcom/publish')).not.toThrow();
    expect(check({ ...published, added: [] }, 'post', '/v1/sharing-groups/lv-jp-stratcom/publish')).toThrow(/added/);
    expect(check(published, 'post', '/v1/sharing-groups/lv-jp-stratcom/publish', 202)).toThrow(/status 202 not documented/);
  });
});
