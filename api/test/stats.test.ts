import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { flagRepository, itemRepository, type Db } from '@narmon/shared/db';
import { startApiHarness, type ApiHarness } from './support/harness.js';
import { insertFeeds, insertItems, publish } from './support/fixtures.js';

// A fixed "now" 17 minutes past an hour, so the 24 h / 7 d windows cut hours in two.
const NOW = new Date(Math.floor(Date.now() / 3600_000) * 3600_000 + 17 * 60_000);
const ago = (hours: number) => new Date(NOW.getTime() - hours * 3600_000);

let h: ApiHarness;
let feeds: number[];
beforeAll(async () => {
  h = await startApiHarness({ now: () => NOW });
  feeds = await insertFeeds(h.t.db, 2);
  await publish(h.t.db, 'vaccine-chips');
  await publish(h.t.db, 'nato-provocation');
});
afterAll(async () => { await h.close(); });

const item = (feedId: number, key: string, language: string) => ({
  feedId, identityKey: key, guid: key, link: `https://example.org/${key}`, title: `Story ${key}`, text: `Text of ${key}`, html: null,
  published: new Date(), dateInferred: false, language, languageConfidence: 0.9, runnersUp: [],
});
const flag = (itemId: number, narrativeId: string, score = 4) => ({
  itemId, narrativeId, narrativeVersion: 1, score, explanation: { language: 'eng', coverage: 0.5, terms: [] },
});

/** What the stats should say, counted from the rows themselves. */
async function truth(db: Db, since: Date) {
  const r = await sql<{ items: number; flags: number }>`select
      (select count(*) from items where first_seen_at >= ${since})::int as items,
      (select count(*) from flags where created_at >= ${since})::int as flags`.execute(db);
  return r.rows[0]!;
}
const today = () => NOW.toISOString().slice(0, 10);

describe('GET /v1/stats from the roll-ups', () => {
  it('counts an item and flag written twice (idempotent upserts) once, follows re-detection and deletion', async () => {
    const db = h.t.db;
    const [a, b] = [feeds[0]!, feeds[1]!];
    let first = 0;
    for (let round = 0; round < 2; round++) {
      const one = await itemRepository.upsertItem(db, item(a, 'one', 'eng'));
      await itemRepository.upsertSighting(db, a, 'one', one.id);
      await flagRepository.upsertFlags(db, [flag(one.id, 'vaccine-chips', 4 + round)]);
      const two = await itemRepository.upsertItem(db, item(b, 'two', 'rus'));
      await itemRepository.upsertSighting(db, b, 'two', two.id);
      await flagRepository.upsertFlags(db, [flag(two.id, 'nato-provocation')]);
      first = one.id;
    }
    const sinceToday = new Date(`${today()}T00:00:00Z`);
    let res = await h.call('get', '/v1/stats?days=1');
    expect(res.status).toBe(200);
    expect(res.body.days).toEqual([{ day: today(), items: 2, flags: 2 }]);
    expect(await truth(db, sinceToday)).toEqual({ items: 2, flags: 2 });
    expect(res.body.languages).toEqual([{ language: 'eng', items: 1, flags: 1 }, { language: 'rus', items: 1, flags: 1 }]);
    expect(res.body.feeds.map((f: { id: number; items: number; flags: number }) => [f.id, f.items, f.flags])).toEqual([[a, 1, 1], [b, 1, 1]]);

    // Re-detection: the item and its flag move to the new language; nothing is counted twice.
    await itemRepository.upsertItem(db, item(a, 'one', 'lav'));
    res = await h.call('get', '/v1/stats?days=1');
    expect(res.body.languages).toEqual([{ language: 'lav', items: 1, flags: 1 }, { language: 'rus', items: 1, flags: 1 }]);
    expect(res.body.days).toEqual([{ day: today(), items: 2, flags: 2 }]);

    // Deleting an item takes it and its flags out of every count.
    await db.deleteFrom('items').where('id', '=', first).execute();
    res = await h.call('get', '/v1/stats?days=1');
    expect(res.body.days).toEqual([{ day: today(), items: 1, flags: 1 }]);
    expect(res.body.languages).toEqual([{ language: 'rus', items: 1, flags: 1 }]);
    expect(res.body.feeds.map((f: { id: number; items: number; flags: number }) => [f.id, f.items, f.flags])).toEqual([[a, 0, 0], [b, 1, 1]]);
  });

  it('splits days by UTC first-seen / flagged day and leaves out days before the range', async () => {
    const [oldItem] = await insertItems(h.t.db, [{ feed: feeds[0]!, title: 'Old story', language: 'est', publishedHours: 0, firstSeenHours: 0 }]);
    const res = await h.call('get', '/v1/stats?days=366');
    expect(res.body.days).toContainEqual({ day: '2026-03-01', items: 1, flags: 0 });
    expect((await h.call('get', '/v1/stats?days=1')).body.days.map((d: { day: string }) => d.day)).toEqual([today()]);
    await h.t.db.deleteFrom('items').where('id', '=', oldItem!).execute();
  });
});

describe('GET /v1/narratives counts (hourly roll-up + partial edge hours)', () => {
  it('counts flags in (now-24h, now] and (now-7d, now] exactly, written twice or not', async () => {
    await publish(h.t.db, 'edges');
    const times = [0.2, 0.4, 23.5, 23.9, 24.1, 24.5, 100, 167.5, 167.9, 168.1, 170, -1];
    const items = await insertItems(h.t.db, times.map((_, k) => ({ feed: feeds[1]!, title: `edge ${k}`, language: 'eng', publishedHours: 0 })));
    for (let round = 0; round < 2; round++) {
      for (const [k, t] of times.entries()) {
        await h.t.db.insertInto('flags').values({
          item_id: items[k]!, narrative_id: 'edges', narrative_version: 1, score: 3, explanation: JSON.stringify({ language: 'eng', coverage: 0.1, terms: [] }),
          created_at: ago(t),
        }).onConflict((oc) => oc.columns(['item_id', 'narrative_id', 'narrative_version']).doUpdateSet({ score: 3 + round })).execute();
      }
    }
    const expected24 = times.filter((t) => t >= 0 && t <= 24).length;
    const expected7d = times.filter((t) => t >= 0 && t <= 168).length;
    const res = await h.call('get', '/v1/narratives');
    expect(res.body.data.find((n: { id: string }) => n.id === 'edges')).toMatchObject({ flags24h: expected24, flags7d: expected7d });
    expect([expected24, expected7d]).toEqual([4, 9]);
  });
});
