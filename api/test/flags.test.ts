import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApiHarness, type ApiHarness } from './support/harness.js';
import { hours, insertFeeds, insertFlag, insertItems, publish } from './support/fixtures.js';

let h: ApiHarness;
let feeds: number[];
let items: number[];
const flagIds: Record<string, number> = {};
let allIds: number[] = [];

beforeAll(async () => {
  h = await startApiHarness();
  const db = h.t.db;
  feeds = await insertFeeds(db, 3);
  await publish(db, 'vaccine-chips');
  await publish(db, 'nato-provocation');
  items = await insertItems(db, [
    { feed: feeds[0]!, title: 'Vaccines contain microchips, insiders claim', language: 'eng', publishedHours: 0 },
    { feed: feeds[0]!, title: 'Вакцины содержат микрочипы', text: 'Утверждают, что вакцины опасны', language: 'rus', publishedHours: 1 },
    { feed: feeds[1]!, title: 'Vakcīnas satur mikroshēmas', text: 'Vakcīnās esot mikroshēmas', language: 'lav', publishedHours: 2 },
    { feed: feeds[1]!, title: 'NATO exercises provoke Russia', language: 'eng', publishedHours: 3 },
    { feed: feeds[2]!, title: "=HYPERLINK(\"http://evil\") formula, \"quoted\"", language: 'eng', publishedHours: null, firstSeenHours: 4 },
    ...Array.from({ length: 30 }, (_, i) => ({ feed: feeds[2]!, title: `Filler story ${i}`, language: 'eng', publishedHours: 5 + i })),
  ]);
  flagIds.eng = await insertFlag(db, { item: items[0]!, narrative: 'vaccine-chips', score: 5, flaggedHours: 10 });
  flagIds.rus = await insertFlag(db, { item: items[1]!, narrative: 'vaccine-chips', score: 3, flaggedHours: 11 });
  flagIds.lav = await insertFlag(db, { item: items[2]!, narrative: 'vaccine-chips', score: 4, flaggedHours: 12 });
  flagIds.nato = await insertFlag(db, { item: items[3]!, narrative: 'nato-provocation', score: 6, flaggedHours: 13 });
  flagIds.formula = await insertFlag(db, { item: items[4]!, narrative: 'nato-provocation', score: 2, flaggedHours: 14 });
  for (let i = 0; i < 30; i++) {
    // Three flags share each flagged time, so pagination must break ties by id.
    await insertFlag(db, { item: items[5 + i]!, narrative: 'nato-provocation', score: (i % 7) + 1, flaggedHours: 20 + Math.floor(i / 3) });
  }
  allIds = (await db.selectFrom('flags').select('id').execute()).map((r) => r.id);
});
afterAll(async () => { await h.close(); });

const ids = (res: { body: { data: Array<{ id: number }> } }) => res.body.data.map((f) => f.id);

describe('GET /v1/flags', () => {
  it('lists flags newest first with item, feed, narrative version, score and explanation', async () => {
    const res = await h.call('get', '/v1/flags?limit=500');
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(35);
    expect(res.body.nextCursor).toBeNull();
    const times = res.body.data.map((f: { flaggedAt: string }) => Date.parse(f.flaggedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const eng = res.body.data.find((f: { id: number }) => f.id === flagIds.eng);
    expect(eng).toMatchObject({
      narrative: 'vaccine-chips', version: 1, score: 5, status: 'new',
      item: { id: items[0], title: 'Vaccines contain microchips, insiders claim', language: 'eng', published: hours(0).toISOString() },
      feed: { id: feeds[0], url: 'https://news1.example/rss', title: 'News 1' },
      explanation: { language: 'eng', coverage: 0.5 },
    });
  });

  it('filters by narrative, language, feed and minimum score', async () => {
    expect(ids(await h.call('get', '/v1/flags?narrative=vaccine-chips')).sort()).toEqual([flagIds.eng, flagIds.rus, flagIds.lav].sort());
    expect(ids(await h.call('get', '/v1/flags?language=rus'))).toEqual([flagIds.rus]);
    expect(ids(await h.call('get', `/v1/flags?feed=${feeds[1]}`)).sort()).toEqual([flagIds.lav, flagIds.nato].sort());
    const high = await h.call('get', '/v1/flags?minScore=5.5');
    expect(high.body.data.every((f: { score: number }) => f.score >= 5.5)).toBe(true);
    expect(ids(high)).toContain(flagIds.nato);
    expect(ids(await h.call('get', '/v1/flags?narrative=vaccine-chips&language=lav&minScore=3'))).toEqual([flagIds.lav]);
  });

  it('bounds by flagged time or by published time', async () => {
    expect(ids(await h.call('get', `/v1/flags?since=${hours(11).toISOString()}&until=${hours(13).toISOString()}`)).sort()).toEqual([flagIds.rus, flagIds.lav].sort());
    const published = await h.call('get', `/v1/flags?timeField=published&since=${hours(2).toISOString()}&until=${hours(4.5).toISOString()}`);
    // The item without a published date counts by when it was first seen (hour 4).
    expect(ids(published).sort()).toEqual([flagIds.lav, flagIds.nato, flagIds.formula].sort());
    expect(ids(await h.call('get', '/v1/flags?since=2026-03-01&until=2026-03-01T11:00:00Z')).sort()).toEqual([flagIds.eng]);
  });

  it('searches title and text with the language\'s configuration', async () => {
    // English stemming: "vaccinated" and "Vaccines" share the stem.
    expect(ids(await h.call('get', '/v1/flags?q=vaccinated'))).toEqual([flagIds.eng]);
    // Russian stemming finds "вакцины" from "вакцина", in the text as in the title.
    expect(ids(await h.call('get', `/v1/flags?q=${encodeURIComponent('вакцина')}&language=rus`))).toEqual([flagIds.rus]);
    expect(ids(await h.call('get', `/v1/flags?q=${encodeURIComponent('опасны')}`))).toEqual([flagIds.rus]);
    // Latvian has no stemmer: a word stem still finds the title through trigrams.
    expect(ids(await h.call('get', `/v1/flags?q=${encodeURIComponent('mikroshēm')}&language=lav`))).toEqual([flagIds.lav]);
    expect(ids(await h.call('get', '/v1/flags?q=nonexistentword'))).toEqual([]);
  });

  it('filters by review status', async () => {
    const flag = (await h.t.db.insertInto('flags').values({
      item_id: items[6]!, narrative_id: 'vaccine-chips', narrative_version: 1, score: 1, created_at: hours(2),
      explanation: JSON.stringify({ language: 'eng', coverage: 0.1, terms: [] }), status: 'dismissed',
    }).returning('id').executeTakeFirstOrThrow()).id;
    expect(ids(await h.call('get', '/v1/flags?status=dismissed'))).toEqual([flag]);
    expect(ids(await h.call('get', '/v1/flags?status=new&limit=500'))).not.toContain(flag);
    await h.t.db.deleteFrom('flags').where('id', '=', flag).execute();
  });

  it('sorts by score or published time in either order', async () => {
    const byScore = await h.call('get', '/v1/flags?sort=score&limit=500');
    const scores = byScore.body.data.map((f: { score: number }) => f.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const byPublishedAsc = await h.call('get', '/v1/flags?sort=published&order=asc&limit=500');
    const pub = byPublishedAsc.body.data.map((f: { item: { published: string } }) => Date.parse(f.item.published));
    expect([...pub].sort((a, b) => a - b)).toEqual(pub);
    expect(byPublishedAsc.body.data[0].id).toBe(flagIds.eng);
  });

  for (const sort of ['flagged', 'score', 'published'] as const) {
    it(`pages with a cursor (sort=${sort}) without duplicates or gaps while new flags arrive`, async () => {
      const seen: number[] = [];
      let cursor: string | null = null;
      let page = 0;
      const newItems = await insertItems(h.t.db, Array.from({ length: 12 }, (_, i) => ({ feed: feeds[0]!, title: `Arriving ${sort} ${i}`, language: 'eng', publishedHours: 40 + i })));
      const arrived: number[] = [];
      do {
        const res = await h.call('get', `/v1/flags?sort=${sort}&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.data.length).toBeLessThanOrEqual(4);
        seen.push(...ids(res));
        cursor = res.body.nextCursor;
        // New flags arrive between pages: some newer than everything, some back-dated into the middle.
        if (page < 6) {
          arrived.push(await insertFlag(h.t.db, { item: newItems[page * 2]!, narrative: 'vaccine-chips', score: 3.5, flaggedHours: 500 }));
          arrived.push(await insertFlag(h.t.db, { item: newItems[page * 2 + 1]!, narrative: 'vaccine-chips', score: 0.5 + page, flaggedHours: 12.5 }));
        }
        page++;
      } while (cursor && page < 100);
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of allIds) expect(seen).toContain(id);
      await h.t.db.deleteFrom('flags').where('id', 'in', arrived).execute();
    });
  }

  it('rejects a cursor made for another sort and a forged cursor, naming the field', async () => {
    const first = await h.call('get', '/v1/flags?limit=2');
    const res = await h.call('get', `/v1/flags?sort=score&cursor=${first.body.nextCursor}`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    const forged = Buffer.from(JSON.stringify({ s: 'flagged', o: 'desc', v: "'; drop table flags; --", i: 1 })).toString('base64url');
    expect((await h.call('get', `/v1/flags?cursor=${forged}`)).status).toBe(400);
    expect((await h.call('get', '/v1/flags?cursor=%%%')).status).toBe(400);
  });

  it('names every invalid field', async () => {
    const res = await h.call('get', '/v1/flags?limit=501&language=english&status=maybe&since=yesterday&bogus=1');
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['limit', 'language', 'status', 'since']));
    expect(JSON.stringify(res.body)).toMatch(/bogus/);
  });
});

describe('GET /v1/flags/:id and review', () => {
  it('returns one flag, 404 for a missing one, 400 for a non-numeric id', async () => {
    const res = await h.call('get', `/v1/flags/${flagIds.rus}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: flagIds.rus, narrative: 'vaccine-chips', item: { language: 'rus' }, history: [] });
    expect((await h.call('get', '/v1/flags/999999')).status).toBe(404);
    const bad = await h.call('get', '/v1/flags/abc');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('id');
  });

  it('records who reviewed what and when in the audit trail', async () => {
    const confirm = await h.call('patch', `/v1/flags/${flagIds.nato}`, { body: { status: 'confirmed', note: 'matches the EUvsDisinfo case' } });
    expect(confirm.status).toBe(200);
    expect(confirm.body).toMatchObject({ status: 'confirmed', review: { by: 'test-analyst', note: 'matches the EUvsDisinfo case' } });
    const dismiss = await h.call('patch', `/v1/flags/${flagIds.nato}`, { key: h.keys.admin, body: { status: 'dismissed' } });
    expect(dismiss.body.status).toBe('dismissed');
    expect(dismiss.body.review.by).toBe('test-admin');
    expect(dismiss.body.history).toEqual([
      { at: expect.any(String), actor: 'test-analyst', action: 'flag.review', details: { from: 'new', to: 'confirmed', note: 'matches the EUvsDisinfo case' } },
      { at: expect.any(String), actor: 'test-admin', action: 'flag.review', details: { from: 'confirmed', to: 'dismissed' } },
    ]);
    const audit = await h.t.db.selectFrom('audit_log').selectAll().where('target_id', '=', String(flagIds.nato)).orderBy('id').execute();
    expect(audit.map((a) => [a.actor_name, a.action])).toEqual([['test-analyst', 'flag.review'], ['test-admin', 'flag.review']]);
    expect((await h.call('get', '/v1/flags?status=dismissed')).body.data.map((f: { id: number }) => f.id)).toContain(flagIds.nato);
  });

  it('rejects an invalid review and a review of a missing flag', async () => {
    const bad = await h.call('patch', `/v1/flags/${flagIds.eng}`, { body: { status: 'approved', extra: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('status');
    expect((await h.call('patch', '/v1/flags/999999', { body: { status: 'confirmed' } })).status).toBe(404);
  });
});

describe('CSV export', () => {
  it('streams every matching flag as CSV, defusing spreadsheet formulas', async () => {
    const res = await h.call('get', '/v1/flags?narrative=nato-provocation&limit=2', { headers: { Accept: 'text/csv' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^flag_id,narrative,version,score,status,flagged_at,item_id,title/);
    // Every page, not just `limit`: 32 nato flags.
    expect(lines).toHaveLength(1 + 32);
    const formula = lines.find((l) => l.startsWith(`${flagIds.formula},`))!;
    expect(formula).toContain(`"'=HYPERLINK(""http://evil"") formula, ""quoted"""`);
  });

  it('applies the filters to the export', async () => {
    const res = await h.call('get', '/v1/flags?language=rus', { headers: { Accept: 'text/csv' } });
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Вакцины содержат микрочипы');
  });
});
