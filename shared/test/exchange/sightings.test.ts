// Confirmed items become sightings even when their feed gave no link: every item is counted; the url
// SCO comes from the link, else from a guid that is an http(s) URL; an item with neither is still
// shared as a media-content object by its title, date and language.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fingerprintSchema } from '@narmon/schemas';
import { narrativeRepository, sharingGroupRepository } from '../../src/db/index.js';
import { instanceIdentity, publicUrlOf, publishNarrativeToGroup } from '../../src/exchange/index.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.js';
import { createStixValidator } from '../stix/oasis-validator.js';

let t: TestDatabase;
let collectionId = '';
const ITEMS = [
  { key: 'a', link: 'https://outlet.example/a', guid: 'a-1', title: 'With a link', hour: 1 },
  { key: 'b', link: null, guid: 'https://outlet.example/?p=42', title: 'Permalink guid', hour: 2 },
  { key: 'c', link: null, guid: 'tag:outlet.example,2026:17', title: 'Tag guid only', hour: 3 },
  { key: 'd', link: null, guid: null, title: 'Nothing at all', hour: 4 },
];

async function publish() {
  const identity = await instanceIdentity(t.db, { STIX_IDENTITY_NAME: 'narmon test' });
  return publishNarrativeToGroup(t.db, { groupId: 'g', narrativeId: 'n1', publishedBy: 'test', identity });
}
const objects = async (type: string) => (await t.db.selectFrom('stix_objects').select('object').where('collection_id', '=', collectionId)
  .where('type', '=', type).orderBy('date_added_us').execute()).map((r) => r.object as Record<string, any>);

beforeAll(async () => {
  t = await createTestDatabase();
  collectionId = (await sharingGroupRepository.createSharingGroup(t.db, { id: 'g', title: 'G', maxTlp: 'green' })).collectionId;
  await narrativeRepository.publishFingerprint(t.db, fingerprintSchema.parse({
    id: 'n1', status: 'active', tlp: 'green', title: { eng: 'N1' }, languages: { eng: { terms: [{ t: 'nato' }] } },
  }), 'test');
  const feed = await t.db.insertInto('feeds').values({ url: 'https://outlet.example/rss', title: 'Outlet', interval_minutes: 60 }).returning('id').executeTakeFirstOrThrow();
  for (const it of ITEMS) {
    const item = await t.db.insertInto('items').values({
      feed_id: feed.id, identity_key: `guid:${it.key}`, guid: it.guid, link: it.link, title: it.title, text: 'nato',
      language: 'lav', language_confidence: 0.9, published_at: new Date(Date.UTC(2026, 2, 1, it.hour)),
    }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('flags').values({
      item_id: item.id, narrative_id: 'n1', narrative_version: 1, score: 5, status: 'confirmed',
      explanation: JSON.stringify({ language: 'lav', coverage: 0.5, terms: [{ term: 'nato', kind: 'term', weight: 1, offsets: [[0, 4]] }] }),
    }).execute();
  }
});
afterAll(async () => { await t.drop(); });

describe('publicUrlOf', () => {
  it('takes the link, else a guid that is an http(s) URL, else nothing', () => {
    expect(publicUrlOf({ link: 'https://a.example/x', guid: 'https://b.example/y' })).toBe('https://a.example/x');
    expect(publicUrlOf({ link: null, guid: ' http://b.example/y ' })).toBe('http://b.example/y');
    expect(publicUrlOf({ link: 'javascript:alert(1)', guid: 'urn:uuid:1234' })).toBeNull();
    expect(publicUrlOf({ link: '', guid: 'tag:x.example,2026:1' })).toBeNull();
  });
});

describe('sightings of items with and without a link', () => {
  it('counts every confirmed item and shares each one, by url where there is one and by title otherwise', async () => {
    await publish();
    const [sighting] = await objects('sighting');
    expect(sighting).toMatchObject({ count: 4, first_seen: '2026-03-01T01:00:00.000Z', last_seen: '2026-03-01T04:00:00.000Z' });
    expect(sighting!.observed_data_refs).toHaveLength(4);

    expect((await objects('url')).map((u) => u.value)).toEqual(['https://outlet.example/a', 'https://outlet.example/?p=42']);
    const media = await objects('media-content');
    expect(media.map((m) => [m.title, m.url ?? null])).toEqual([
      ['With a link', 'https://outlet.example/a'], ['Permalink guid', 'https://outlet.example/?p=42'], ['Tag guid only', null], ['Nothing at all', null],
    ]);
    const observed = await objects('observed-data');
    expect(observed.map((o) => o.object_refs.length)).toEqual([2, 2, 1, 1]);
    expect(observed[3]!.object_refs).toEqual([media[3]!.id]);
    expect((await objects('opinion'))[0]!.explanation).toMatch(/^4 item\(s\) confirmed .* 2 of them without a public link \(shared by title\)\./);

    const validator = createStixValidator();
    const all = (await t.db.selectFrom('stix_objects').select('object').where('collection_id', '=', collectionId).execute()).map((r) => r.object as Record<string, unknown>);
    expect(all.flatMap((o) => validator.validate(o))).toEqual([]);
    // ...and the media-content schema still wants a url or a title.
    const { title: _title, ...neither } = media[3]!;
    expect(validator.validate(neither)).not.toEqual([]);
  });

  it('keeps the same ids when published again (the linkless media-content ids are stored, not re-minted)', async () => {
    const again = await publish();
    expect(again.added).toEqual([]);
    expect(await objects('media-content')).toHaveLength(4);
  });
});
