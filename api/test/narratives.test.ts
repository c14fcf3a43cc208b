import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApiHarness, type ApiHarness } from './support/harness.js';
import { fingerprint, hours, insertFeeds, insertFlag, insertItems, publish } from './support/fixtures.js';

let h: ApiHarness;
let feeds: number[];
const NOW = hours(24 * 9); // 2026-03-10T00:00Z

beforeAll(async () => {
  h = await startApiHarness({ now: () => NOW });
  feeds = await insertFeeds(h.t.db, 2);
  await publish(h.t.db, 'vaccine-chips');
  await publish(h.t.db, 'nato-provocation');
  const items = await insertItems(h.t.db, [
    { feed: feeds[0]!, title: 'a', language: 'eng', publishedHours: 0 },
    { feed: feeds[0]!, title: 'b', language: 'rus', publishedHours: 0 },
    { feed: feeds[1]!, title: 'c', language: 'lav', publishedHours: 0 },
    { feed: feeds[1]!, title: 'd', language: 'rus', publishedHours: 0 },
    { feed: feeds[1]!, title: 'e', language: 'eng', publishedHours: 0 },
  ]);
  // Relative to NOW: 2 h, 30 h, 3 days and 20 days ago; plus one of the other narrative.
  await insertFlag(h.t.db, { item: items[0]!, narrative: 'vaccine-chips', score: 4, flaggedHours: 24 * 9 - 2 });
  await insertFlag(h.t.db, { item: items[1]!, narrative: 'vaccine-chips', score: 4, flaggedHours: 24 * 9 - 30 });
  await insertFlag(h.t.db, { item: items[2]!, narrative: 'vaccine-chips', score: 4, flaggedHours: 24 * 6 + 1 });
  await insertFlag(h.t.db, { item: items[3]!, narrative: 'vaccine-chips', score: 4, flaggedHours: 24 * 6 + 5 });
  await insertFlag(h.t.db, { item: items[4]!, narrative: 'nato-provocation', score: 4, flaggedHours: 24 * 9 - 1 });
  await insertFlag(h.t.db, { item: items[4]!, narrative: 'vaccine-chips', score: 4, flaggedHours: -24 * 11 });
});
afterAll(async () => { await h.close(); });

describe('narratives', () => {
  it('lists every narrative with flags of the last 24 hours and 7 days', async () => {
    const res = await h.call('get', '/v1/narratives');
    expect(res.status).toBe(200);
    const vc = res.body.data.find((n: { id: string }) => n.id === 'vaccine-chips');
    expect(vc).toMatchObject({ version: 1, status: 'active', flags24h: 1, flags7d: 4, languages: ['eng', 'rus'], title: { eng: 'Narrative vaccine-chips' } });
    expect(res.body.data.find((n: { id: string }) => n.id === 'nato-provocation')).toMatchObject({ flags24h: 1, flags7d: 1 });
  });

  it('creates a narrative, refuses a duplicate and names invalid fields', async () => {
    const created = await h.call('post', '/v1/narratives', { body: fingerprint('bio-labs') });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: 'bio-labs', version: 1, changed: true });
    expect((await h.call('post', '/v1/narratives', { body: fingerprint('bio-labs') })).status).toBe(409);
    const invalid = await h.call('post', '/v1/narratives', { body: { id: 'Bad Id', title: {}, languages: { eng: { terms: [] } }, disarm: ['T9999'] } });
    expect(invalid.status).toBe(422);
    expect(invalid.type).toBe('application/problem+json');
    expect(invalid.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['id', 'title', 'languages.eng', 'disarm.0']));
    const audit = await h.t.db.selectFrom('audit_log').selectAll().where('target_id', '=', 'bio-labs').execute();
    expect(audit.map((a) => [a.action, a.actor_name])).toEqual([['narrative.create', 'test-analyst']]);
  });

  it('updates a narrative as a new version, keeps history and diffs versions', async () => {
    await h.call('post', '/v1/narratives', { body: fingerprint('gas-prices') });
    const updated = await h.call('put', '/v1/narratives/gas-prices', {
      body: fingerprint('gas-prices', { languages: { eng: { terms: [{ t: 'vaccine' }, { t: 'nanobots', w: 2 }] }, rus: { terms: [{ t: 'вакцина' }] } }, tlp: 'amber' }),
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ id: 'gas-prices', version: 2, changed: true });
    const same = await h.call('put', '/v1/narratives/gas-prices', {
      body: fingerprint('gas-prices', { languages: { eng: { terms: [{ t: 'vaccine' }, { t: 'nanobots', w: 2 }] }, rus: { terms: [{ t: 'вакцина' }] } }, tlp: 'amber' }),
    });
    expect(same.body).toEqual({ id: 'gas-prices', version: 2, changed: false });

    const detail = await h.call('get', '/v1/narratives/gas-prices');
    expect(detail.body.currentVersion).toBe(2);
    expect(detail.body.versions.map((v: { version: number; createdBy: string }) => [v.version, v.createdBy])).toEqual([[2, 'test-analyst'], [1, 'test-analyst']]);

    const diff = await h.call('get', '/v1/narratives/gas-prices/diff?from=1&to=2');
    expect(diff.status).toBe(200);
    expect(diff.body.changes).toEqual(expect.arrayContaining([
      { path: 'languages.eng.terms[t=chip]', op: 'removed', from: { t: 'chip', w: 1 } },
      { path: 'languages.eng.terms[t=nanobots]', op: 'added', to: { t: 'nanobots', w: 2 } },
      { path: 'tlp', op: 'changed', from: 'green', to: 'amber' },
    ]));
    expect(diff.body.changes).toHaveLength(3);
    expect((await h.call('get', '/v1/narratives/gas-prices/diff?from=1&to=9')).status).toBe(404);
    expect((await h.call('put', '/v1/narratives/nope-nope', { body: fingerprint('nope-nope') })).status).toBe(404);
    const mismatch = await h.call('put', '/v1/narratives/gas-prices', { body: fingerprint('other-id') });
    expect(mismatch.status).toBe(422);
  });

  it('retires a narrative as a new, retired version', async () => {
    await h.call('post', '/v1/narratives', { body: fingerprint('old-story') });
    const res = await h.call('post', '/v1/narratives/old-story/retire');
    expect(res.body).toEqual({ id: 'old-story', version: 2, changed: true });
    const detail = await h.call('get', '/v1/narratives/old-story');
    expect(detail.body.status).toBe('retired');
    expect(detail.body.versions[1].status).toBe('active');
    expect((await h.call('post', '/v1/narratives/missing-one/retire')).status).toBe(404);
  });

  it('validates a document without saving it', async () => {
    const ok = await h.call('post', '/v1/narratives/validate', { body: { id: 'draft-one', title: { eng: 'x' }, languages: { eng: { terms: [{ t: 'word' }] } } } });
    expect(ok.body).toMatchObject({ valid: true, errors: [], fingerprint: { id: 'draft-one', status: 'draft', tlp: 'green', match: { minScore: 3 } } });
    const bad = await h.call('post', '/v1/narratives/validate', { body: { id: 'draft-one', title: { eng: 'x' }, languages: { eng: { terms: [{ t: 'a*b' }] } } } });
    expect(bad.body.valid).toBe(false);
    expect(bad.body.errors[0].field).toBe('languages.eng.terms.0.t');
    expect((await h.call('get', '/v1/narratives/draft-one')).status).toBe(404);
  });

  it('drafts a fingerprint from examples with the learner', async () => {
    const res = await h.call('post', '/v1/narratives/learn', {
      body: {
        id: 'learned-one', title: 'Vaccines carry microchips',
        examples: [
          'Bill Gates puts microchips in vaccines to track people.',
          'Leaked documents show vaccines contain microchips for tracking.',
          { text: 'Microchips hidden inside vaccines will track everyone, insiders say.', language: 'eng' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.draft).toMatchObject({ id: 'learned-one', languages: { eng: expect.any(Object) } });
    expect(JSON.stringify(res.body.draft.languages.eng.terms)).toMatch(/microchip/);
    const bad = await h.call('post', '/v1/narratives/learn', { body: { id: 'x1', title: 't', examples: [] } });
    expect(bad.status).toBe(400);
  });

  it('loads the language detector only for texts without a language, and names a detector that cannot load', async () => {
    // A detector for a language it does not support cannot be built: only texts that need detection notice.
    const broken = await startApiHarness({ env: { LANGUAGES: 'eng,xxx' } });
    try {
      const examples = ['Bill Gates puts microchips in vaccines to track people.', 'Leaked documents show vaccines contain microchips for tracking.'];
      const given = await broken.call('post', '/v1/narratives/learn', { body: { id: 'learned-two', title: 'Microchips', examples: examples.map((text) => ({ text, language: 'eng' })) } });
      expect(given.status).toBe(200);
      const detected = await broken.call('post', '/v1/narratives/learn', { body: { id: 'learned-two', title: 'Microchips', examples } });
      expect(detected.status).toBe(503);
      expect(detected.body.detail).toMatch(/xxx/);
      // Not cached as broken: the next call tries (and reports) again.
      expect((await broken.call('post', '/v1/narratives/learn', { body: { id: 'learned-two', title: 'Microchips', examples } })).status).toBe(503);
    } finally {
      await broken.close();
    }
  });

  it('returns 404 for a missing narrative and 400 for a malformed id', async () => {
    expect((await h.call('get', '/v1/narratives/no-such')).status).toBe(404);
    expect((await h.call('get', '/v1/narratives/NOT_A_SLUG')).status).toBe(400);
  });
});

describe('trend and stats', () => {
  it('counts flags per day split by language and feed, empty days included', async () => {
    const res = await h.call('get', `/v1/narratives/vaccine-chips/trend?bucket=day&since=2026-03-06&until=2026-03-10`);
    expect(res.status).toBe(200);
    expect(res.body.buckets.map((b: { start: string }) => b.start)).toEqual(['2026-03-06T00:00:00Z', '2026-03-07T00:00:00Z', '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z']);
    const [d6, d7, d8, d9] = res.body.buckets;
    expect(d6.total).toBe(0);
    expect(d7).toEqual({ start: '2026-03-07T00:00:00Z', total: 2, byLanguage: { lav: 1, rus: 1 }, byFeed: { [feeds[1]!]: 2 } });
    expect(d8).toMatchObject({ total: 1, byLanguage: { rus: 1 }, byFeed: { [feeds[0]!]: 1 } });
    expect(d9).toMatchObject({ total: 1, byLanguage: { eng: 1 } });
  });

  it('buckets by hour and by week (weeks start on Monday) and defaults to the last 30 days', async () => {
    const hourly = await h.call('get', '/v1/narratives/vaccine-chips/trend?bucket=hour&since=2026-03-07T00:00:00Z&until=2026-03-07T06:00:00Z');
    expect(hourly.body.buckets).toHaveLength(6);
    expect(hourly.body.buckets[1]).toMatchObject({ start: '2026-03-07T01:00:00Z', total: 1, byLanguage: { lav: 1 } });
    expect(hourly.body.buckets[5]).toMatchObject({ start: '2026-03-07T05:00:00Z', total: 1, byLanguage: { rus: 1 } });
    const weekly = await h.call('get', '/v1/narratives/vaccine-chips/trend?bucket=week&since=2026-02-01&until=2026-03-10');
    expect(weekly.body.buckets[0].start).toBe('2026-01-26T00:00:00Z');
    expect(weekly.body.buckets.reduce((s: number, b: { total: number }) => s + b.total, 0)).toBe(5);
    const dflt = await h.call('get', '/v1/narratives/vaccine-chips/trend');
    expect(dflt.body.buckets).toHaveLength(30);
    // 30 days back from NOW reaches the flag of 2026-02-18 too.
    expect(dflt.body.buckets.reduce((s: number, b: { total: number }) => s + b.total, 0)).toBe(5);
  });

  it('rejects inverted or oversized ranges and unknown narratives', async () => {
    expect((await h.call('get', '/v1/narratives/vaccine-chips/trend?since=2026-03-10&until=2026-03-01')).status).toBe(400);
    const big = await h.call('get', '/v1/narratives/vaccine-chips/trend?bucket=hour&since=2020-01-01&until=2026-01-01');
    expect(big.status).toBe(400);
    expect(big.body.errors[0].field).toBe('bucket');
    expect((await h.call('get', '/v1/narratives/unknown-x/trend')).status).toBe(404);
    expect((await h.call('get', '/v1/narratives/vaccine-chips/trend?bucket=month')).status).toBe(400);
  });

  it('reports items and flags per day and language, and each feed\'s health', async () => {
    const res = await h.call('get', '/v1/stats?days=30');
    expect(res.status).toBe(200);
    expect(res.body.days).toEqual(expect.arrayContaining([
      { day: '2026-03-01', items: 5, flags: 0 },
      { day: '2026-03-07', items: 0, flags: 2 },
    ]));
    expect(res.body.languages).toEqual(expect.arrayContaining([{ language: 'rus', items: 2, flags: 2 }]));
    expect(res.body.feeds).toEqual([
      expect.objectContaining({ id: feeds[0], items: 2, flags: 2, active: true }),
      expect.objectContaining({ id: feeds[1], items: 3, flags: 4 }),
    ]);
    expect((await h.call('get', '/v1/stats?days=0')).status).toBe(400);
  });
});
