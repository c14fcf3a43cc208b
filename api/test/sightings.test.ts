import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { itemRepository } from '@narmon/shared/db';
import { startApiHarness, type ApiHarness } from './support/harness.js';
import { insertFeeds, insertFlag, insertItems, publish } from './support/fixtures.js';

// The same story in two feeds is one item with a sighting in the second feed (ingest, migration 0110).
let h: ApiHarness;
let feeds: number[];
let items: number[];
beforeAll(async () => {
  h = await startApiHarness();
  feeds = await insertFeeds(h.t.db, 3);
  await publish(h.t.db, 'vaccine-chips');
  items = await insertItems(h.t.db, [
    { feed: feeds[0]!, title: 'Vaccine chips story first in A', language: 'eng', publishedHours: 1 },
    { feed: feeds[1]!, title: 'Own story of B', language: 'eng', publishedHours: 2 },
    { feed: feeds[1]!, title: 'Another story of B', language: 'eng', publishedHours: 3 },
  ]);
  for (const [k, it] of items.entries()) await itemRepository.upsertSighting(h.t.db, feeds[k === 0 ? 0 : 1]!, `own-${k}`, it);
  // B and C carried A's story under their own guids; B twice (a second poll), which changes nothing.
  await itemRepository.upsertSighting(h.t.db, feeds[1]!, 'b-copy', items[0]!);
  await itemRepository.upsertSighting(h.t.db, feeds[1]!, 'b-copy', items[0]!);
  await itemRepository.upsertSighting(h.t.db, feeds[2]!, 'c-copy', items[0]!);
  await insertFlag(h.t.db, { item: items[0]!, narrative: 'vaccine-chips', score: 5, flaggedHours: 10 });
  await insertFlag(h.t.db, { item: items[1]!, narrative: 'vaccine-chips', score: 4, flaggedHours: 11 });
  await insertFlag(h.t.db, { item: items[2]!, narrative: 'vaccine-chips', score: 3, flaggedHours: 12 });
});
afterAll(async () => { await h.close(); });

const ids = (body: { data: Array<{ id: number }> }) => body.data.map((r) => r.id);

describe('a story carried by several feeds', () => {
  it('item detail lists every feed that carried it, its own first', async () => {
    const res = await h.call('get', `/v1/items/${items[0]}`);
    expect(res.status).toBe(200);
    expect(res.body.feed.id).toBe(feeds[0]);
    expect(res.body.seenIn.map((f: { id: number }) => f.id).sort()).toEqual([...feeds].sort());
    expect(res.body.seenIn[0].id).toBe(feeds[0]);
    expect((await h.call('get', `/v1/items/${items[1]}`)).body.seenIn.map((f: { id: number }) => f.id)).toEqual([feeds[1]]);
  });

  it('flags filtered by a feed include the stories it carried as a sighting, in order and across pages', async () => {
    const all = await h.call('get', `/v1/flags?feed=${feeds[1]}`);
    expect(all.body.data.map((f: { item: { id: number } }) => f.item.id)).toEqual([items[2], items[1], items[0]]);
    expect(all.body.data[2].feed.id).toBe(feeds[0]); // the flag still names the item's own feed
    expect((await h.call('get', `/v1/flags?feed=${feeds[2]}`)).body.data.map((f: { item: { id: number } }) => f.item.id)).toEqual([items[0]]);
    expect((await h.call('get', `/v1/flags?feed=${feeds[0]}`)).body.data.map((f: { item: { id: number } }) => f.item.id)).toEqual([items[0]]);

    for (const sort of ['flagged', 'score'] as const) {
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page = await h.call('get', `/v1/flags?feed=${feeds[1]}&sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        seen.push(...ids(page.body));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(ids((await h.call('get', `/v1/flags?feed=${feeds[1]}&sort=${sort}`)).body)); // no row skipped or repeated
      expect(seen).toHaveLength(3);
    }
    const byScore = await h.call('get', `/v1/flags?feed=${feeds[1]}&sort=score&order=desc`);
    expect(byScore.body.data.map((f: { score: number }) => f.score)).toEqual([5, 4, 3]);
  });

  it('items filtered by a feed include what it carried as a sighting; text search still applies', async () => {
    expect(ids((await h.call('get', `/v1/items?feed=${feeds[1]}`)).body)).toEqual([items[2], items[1], items[0]]);
    expect(ids((await h.call('get', `/v1/items?feed=${feeds[2]}`)).body)).toEqual([items[0]]);
    expect(ids((await h.call('get', `/v1/items?feed=${feeds[1]}&q=vaccine`)).body)).toEqual([items[0]]);
    const p1 = await h.call('get', `/v1/items?feed=${feeds[1]}&limit=2`);
    expect(ids(p1.body)).toEqual([items[2], items[1]]);
    expect(ids((await h.call('get', `/v1/items?feed=${feeds[1]}&limit=2&cursor=${p1.body.nextCursor}`)).body)).toEqual([items[0]]);
  });
});
