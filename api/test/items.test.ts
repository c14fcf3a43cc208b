import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApiHarness, type ApiHarness } from './support/harness.js';
import { insertFeeds, insertFlag, insertItems, publish } from './support/fixtures.js';

let h: ApiHarness;
let items: number[];
let feeds: number[];

beforeAll(async () => {
  h = await startApiHarness();
  feeds = await insertFeeds(h.t.db, 2);
  await publish(h.t.db, 'vaccine-chips');
  await publish(h.t.db, 'nato-provocation');
  items = await insertItems(h.t.db, [
    { feed: feeds[0]!, title: 'Microchips in vaccines, claims channel', text: 'The shots carry tracking microchips.', language: 'eng', publishedHours: 1 },
    { feed: feeds[1]!, title: 'Учения НАТО — провокация', text: 'НАТО готовит провокацию у границы', language: 'rus', publishedHours: 2 },
    { feed: feeds[1]!, title: 'Weather report', language: 'eng', publishedHours: null, firstSeenHours: 3 },
  ]);
  await insertFlag(h.t.db, { item: items[0]!, narrative: 'vaccine-chips', score: 4.5, flaggedHours: 5 });
  await insertFlag(h.t.db, { item: items[0]!, narrative: 'nato-provocation', score: 3.1, flaggedHours: 5 });
});
afterAll(async () => { await h.close(); });

describe('items', () => {
  it('returns an item with every flag and runner-up', async () => {
    const res = await h.call('get', `/v1/items/${items[0]}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: items[0], title: 'Microchips in vaccines, claims channel', text: 'The shots carry tracking microchips.', language: 'eng',
      feed: { id: feeds[0] }, runnersUp: [{ narrative: 'runner', version: 1, score: 1.5 }],
    });
    expect(res.body.flags.map((f: { narrative: string; score: number }) => [f.narrative, f.score])).toEqual([['vaccine-chips', 4.5], ['nato-provocation', 3.1]]);
    expect((await h.call('get', `/v1/items/${items[2]}`)).body).toMatchObject({ published: null, flags: [] });
    expect((await h.call('get', '/v1/items/987654')).status).toBe(404);
  });

  it('searches items by text, language and feed, newest first, with a cursor', async () => {
    const rus = await h.call('get', `/v1/items?q=${encodeURIComponent('провокации')}`);
    expect(rus.body.data.map((i: { id: number }) => i.id)).toEqual([items[1]]);
    expect((await h.call('get', '/v1/items?q=microchip')).body.data.map((i: { id: number }) => i.id)).toEqual([items[0]]);
    expect((await h.call('get', `/v1/items?feed=${feeds[1]}&language=eng`)).body.data.map((i: { id: number }) => i.id)).toEqual([items[2]]);
    const p1 = await h.call('get', '/v1/items?limit=2');
    expect(p1.body.data.map((i: { id: number }) => i.id)).toEqual([items[2], items[1]]);
    const p2 = await h.call('get', `/v1/items?limit=2&cursor=${p1.body.nextCursor}`);
    expect(p2.body.data.map((i: { id: number }) => i.id)).toEqual([items[0]]);
    expect(p2.body.nextCursor).toBeNull();
    expect((await h.call('get', '/v1/items?cursor=bm9wZQ')).status).toBe(400);
  });
});
