// `narmon groups …` and `narmon publish …` through the real binary against a database of their own.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fingerprintSchema } from '@narmon/schemas';
import { narrativeRepository, sharingGroupRepository } from '@narmon/shared/db';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import { runNarmon } from '../../test/support/narmon-cli.js';

let t: TestDatabase;

const narmon = (args: string[]) => runNarmon(args, { env: { DATABASE_URL: t.url, STIX_IDENTITY_NAME: 'narmon Riga' } });

/** A failure as a user sees it: a non-zero exit, nothing on stdout, one line on stderr matching `message`. */
async function expectFailure(args: string[], code: number, message: RegExp) {
  const r = await narmon(args);
  expect({ args, code: r.code }).toEqual({ args, code });
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect({ args, lines }).toEqual({ args, lines: [expect.stringMatching(message)] });
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

const fp = (id: string, tlp: string) => fingerprintSchema.parse({
  id, status: 'active', tlp, title: { eng: `Narrative ${id}` }, summary: { eng: `About ${id}` },
  languages: { eng: { terms: [{ t: 'nato' }, { t: 'provocation' }] } }, disarm: ['T0022'],
});

async function confirmFlags(narrative: string, n: number) {
  const feed = await t.db.insertInto('feeds').values({ url: `https://outlet.example/rss/${narrative}`, title: `Outlet ${narrative}`, interval_minutes: 60 }).returning('id').executeTakeFirstOrThrow();
  for (let i = 0; i < n; i++) {
    const item = await t.db.insertInto('items').values({
      feed_id: feed.id, identity_key: `guid:${narrative}-${i}`, link: `https://outlet.example/${narrative}/${i}`, title: `Item ${i}`, text: 'nato provocation',
      language: 'eng', language_confidence: 0.9, published_at: new Date(Date.UTC(2026, 2, 1, i)),
    }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('flags').values({
      item_id: item.id, narrative_id: narrative, narrative_version: 1, score: 5, status: 'confirmed',
      explanation: JSON.stringify({ language: 'eng', coverage: 0.5, terms: [{ term: 'nato', kind: 'term', weight: 1, offsets: [[0, 4]] }] }),
    }).execute();
  }
}

const objectsIn = async (group: string, type?: string) => {
  const g = (await sharingGroupRepository.findSharingGroup(t.db, group))!;
  let q = t.db.selectFrom('stix_objects').select(['type', 'tlp', 'owner_org']).where('collection_id', '=', g.collectionId);
  if (type) q = q.where('type', '=', type);
  return q.execute();
};

beforeAll(async () => {
  t = await createTestDatabase();
  for (const [id, tlp] of [['green-one', 'green'], ['amber-one', 'amber'], ['strict-one', 'amber+strict'], ['red-one', 'red'], ['quiet-one', 'green']] as const) {
    await narrativeRepository.publishFingerprint(t.db, fp(id, tlp), 'test');
  }
  await confirmFlags('green-one', 3);
  await confirmFlags('red-one', 1);
});
afterAll(async () => { await t.drop(); });

describe('narmon groups', () => {
  it('creates a group and prints its TAXII collection id; the same settings again change nothing', async () => {
    const created = await narmon(['groups', 'create', 'lv-jp-stratcom', '--title', 'Latvia-Japan StratCom', '--max-tlp', 'amber+strict']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^lv-jp-stratcom\tcollection [0-9a-f-]{36}\tmax TLP:AMBER\+STRICT\n$/);
    const g = await sharingGroupRepository.findSharingGroup(t.db, 'lv-jp-stratcom');
    expect(g).toMatchObject({ title: 'Latvia-Japan StratCom', maxTlp: 'amber+strict', members: [] });
    expect(created.stdout).toContain(g!.collectionId);

    const again = await narmon(['groups', 'create', 'lv-jp-stratcom', '--title', 'Latvia-Japan StratCom', '--max-tlp', 'amber+strict']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`collection ${g!.collectionId}`);
    expect(again.stdout).toContain('(exists)');
    expect((await narmon(['groups', 'create', 'green-only', '--title', 'Green only', '--max-tlp', 'green', '--description', 'CLEAR and GREEN'])).code).toBe(0);
  });

  it('refuses bad input with one line and a non-zero exit', async () => {
    await expectFailure(['groups', 'create', 'lv-jp-stratcom', '--title', 'Other title', '--max-tlp', 'green'], 1, /^narmon: sharing group "lv-jp-stratcom" exists with title "Latvia-Japan StratCom" and max TLP:AMBER\+STRICT$/);
    await expectFailure(['groups', 'create', 'Bad Group', '--title', 'x', '--max-tlp', 'green'], 1, /"Bad Group" is not a group id/);
    await expectFailure(['groups', 'create', 'ok-id', '--title', '  ', '--max-tlp', 'green'], 1, /--title must not be empty/);
    await expectFailure(['groups', 'create', 'ok-id', '--title', 'x', '--max-tlp', 'purple'], 2, /argument 'purple' is invalid.*clear, green, amber, amber\+strict, red/);
    await expectFailure(['groups', 'create', 'ok-id', '--max-tlp', 'green'], 2, /required option '--title <title>' not specified/);
    await expectFailure(['groups', 'create', '--title', 'x', '--max-tlp', 'green'], 2, /missing required argument 'id'/);
    expect(await sharingGroupRepository.findSharingGroup(t.db, 'ok-id')).toBeUndefined();
  });

  it('adds members with a clearance, changes it, and says when the group maximum caps it', async () => {
    const lv = await narmon(['groups', 'add-member', 'lv-jp-stratcom', 'lv-stratcom', '--clearance', 'green']);
    expect(lv).toMatchObject({ code: 0, stdout: 'lv-stratcom in lv-jp-stratcom, cleared TLP:GREEN\n' });
    expect((await narmon(['groups', 'add-member', 'lv-jp-stratcom', 'jp-stratcom', '--clearance', 'amber'])).code).toBe(0);
    const raised = await narmon(['groups', 'add-member', 'lv-jp-stratcom', 'jp-stratcom', '--clearance', 'amber+strict']);
    expect(raised.stdout).toBe('jp-stratcom in lv-jp-stratcom, cleared TLP:AMBER+STRICT\n');
    const capped = await narmon(['groups', 'add-member', 'green-only', 'lv-stratcom', '--clearance', 'amber']);
    expect(capped.stdout).toBe('lv-stratcom in green-only, cleared TLP:AMBER (sees at most TLP:GREEN, the group maximum)\n');
    expect((await sharingGroupRepository.findSharingGroup(t.db, 'lv-jp-stratcom'))!.members).toEqual([
      { organization: 'jp-stratcom', clearance: 'amber+strict' }, { organization: 'lv-stratcom', clearance: 'green' },
    ]);
  });

  it('refuses an unknown group, a bad clearance or a missing organisation', async () => {
    await expectFailure(['groups', 'add-member', 'no-such-group', 'lv-stratcom', '--clearance', 'green'], 1, /^narmon: no sharing group "no-such-group"/);
    await expectFailure(['groups', 'add-member', 'lv-jp-stratcom', 'lv-stratcom', '--clearance', 'white'], 2, /argument 'white' is invalid/);
    await expectFailure(['groups', 'add-member', 'lv-jp-stratcom', 'lv-stratcom'], 2, /required option '--clearance <tlp>' not specified/);
    await expectFailure(['groups', 'add-member', 'lv-jp-stratcom', '--clearance', 'green'], 2, /missing required argument 'organization'/);
  });

  it('lists groups as text and as JSON', async () => {
    const text = await narmon(['groups', 'list']);
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split('\n').map((l) => l.split('\t'));
    expect(lines.map((l) => [l[0], l[2], l[3]])).toEqual([
      ['green-only', 'TLP:GREEN', 'lv-stratcom(amber)'],
      ['lv-jp-stratcom', 'TLP:AMBER+STRICT', 'jp-stratcom(amber+strict),lv-stratcom(green)'],
    ]);
    const json = (await narmon(['groups', 'list', '--json'])).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(json[1]).toMatchObject({ id: 'lv-jp-stratcom', collectionId: expect.stringMatching(/^[0-9a-f-]{36}$/), maxTlp: 'amber+strict', title: 'Latvia-Japan StratCom' });
  });

  it('removes a member, and refuses a non-member or an unknown group', async () => {
    expect((await narmon(['groups', 'add-member', 'green-only', 'ee-stratcom', '--clearance', 'clear'])).code).toBe(0);
    const removed = await narmon(['groups', 'remove-member', 'green-only', 'ee-stratcom']);
    expect(removed).toMatchObject({ code: 0, stdout: 'ee-stratcom removed from green-only\n' });
    expect((await sharingGroupRepository.findSharingGroup(t.db, 'green-only'))!.members.map((m) => m.organization)).toEqual(['lv-stratcom']);
    await expectFailure(['groups', 'remove-member', 'green-only', 'ee-stratcom'], 1, /^narmon: ee-stratcom is not a member of green-only$/);
    await expectFailure(['groups', 'remove-member', 'no-such-group', 'ee-stratcom'], 1, /^narmon: no sharing group "no-such-group"/);
    await expectFailure(['groups', 'remove-member', 'green-only'], 2, /missing required argument 'organization'/);
  });
});

describe('narmon publish', () => {
  it('publishes a narrative with its confirmed flags and prints what went out; again adds nothing', async () => {
    const r = await narmon(['publish', '--group', 'lv-jp-stratcom', '--narrative', 'green-one']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^green-one -> lv-jp-stratcom TLP:GREEN: \d+ added, 0 unchanged \([a-z=\d -]+\)\n$/);
    for (const count of ['narrative=1', 'attack-pattern=1', 'url=3', 'media-content=3', 'observed-data=3', 'sighting=1', 'report=1']) expect(r.stdout).toContain(` ${count}`);
    const sightings = await objectsIn('lv-jp-stratcom', 'sighting');
    expect(sightings).toEqual([{ type: 'sighting', tlp: 'green', owner_org: null }]);
    expect(await objectsIn('lv-jp-stratcom', 'media-content')).toHaveLength(3);

    const again = await narmon(['publish', '--group', 'lv-jp-stratcom', '--narrative', 'green-one']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^green-one -> lv-jp-stratcom TLP:GREEN: 0 added, \d+ unchanged/);
  });

  it('publishes a narrative alone with --no-flags, and AMBER+STRICT to its one member recipient', async () => {
    expect((await narmon(['publish', '--group', 'lv-jp-stratcom', '--narrative', 'amber-one', '--no-flags'])).stdout).toMatch(/^amber-one -> lv-jp-stratcom TLP:AMBER: \d+ added/);
    const strict = await narmon(['publish', '--group', 'lv-jp-stratcom', '--narrative', 'strict-one', '--recipient', 'jp-stratcom']);
    expect(strict.code).toBe(0);
    const narratives = await objectsIn('lv-jp-stratcom', 'narrative');
    expect(narratives.filter((n) => n.tlp === 'amber+strict')).toEqual([{ type: 'narrative', tlp: 'amber+strict', owner_org: 'jp-stratcom' }]);
  });

  it('never exports RED, and refuses what the group or the recipient may not get, with one line', async () => {
    await expectFailure(['publish', '--group', 'lv-jp-stratcom', '--narrative', 'red-one'], 1, /^narmon: cannot publish narrative "red-one" to lv-jp-stratcom: TLP:RED is never exported$/);
    await expectFailure(['publish', '--group', 'green-only', '--narrative', 'amber-one'], 1, /TLP:AMBER is above the group's maximum TLP:GREEN/);
    await expectFailure(['publish', '--group', 'lv-jp-stratcom', '--narrative', 'strict-one'], 1, /AMBER\+STRICT needs the one recipient organisation \(--recipient\)/);
    await expectFailure(['publish', '--group', 'lv-jp-stratcom', '--narrative', 'strict-one', '--recipient', 'elsewhere'], 1, /the recipient "elsewhere" is not a member of the group/);
    await expectFailure(['publish', '--group', 'lv-jp-stratcom', '--narrative', 'strict-one', '--recipient', 'lv-stratcom'], 1, /"lv-stratcom" is cleared only up to TLP:GREEN/);
    expect((await objectsIn('lv-jp-stratcom')).filter((o) => o.tlp === 'red')).toEqual([]);
    expect(await objectsIn('green-only')).toEqual([]);
  });

  it('refuses an unknown group or narrative and missing arguments', async () => {
    await expectFailure(['publish', '--group', 'no-such-group', '--narrative', 'green-one'], 1, /^narmon: no sharing group "no-such-group"/);
    await expectFailure(['publish', '--group', 'lv-jp-stratcom', '--narrative', 'no-such-narrative'], 1, /^narmon: no narrative "no-such-narrative"$/);
    await expectFailure(['publish', '--narrative', 'green-one'], 2, /required option '--group <group>' not specified/);
    await expectFailure(['publish', '--group', 'lv-jp-stratcom'], 1, /^narmon: give --narrative <id> or --confirmed-flags$/);
    await expectFailure(['publish', '--group', 'lv-jp-stratcom', '--confirmed-flags', '--no-flags'], 1, /contradict/);
    await expectFailure(['publish', '--group', 'lv-jp-stratcom', '--narrative', 'quiet-one', '--confirmed-flags'], 1, /narrative "quiet-one" has no confirmed flags/);
  });

  it('--confirmed-flags publishes the flags of every active narrative, skipping (and naming) those that may not go', async () => {
    const r = await narmon(['publish', '--group', 'green-only', '--confirmed-flags']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^green-one -> green-only TLP:GREEN: \d+ added/);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/skipped: .*"amber-one".*above the group's maximum/);
    expect(r.stderr).toMatch(/skipped: .*"red-one".*RED is never exported/);
    expect(r.stderr).toMatch(/skipped: narrative "quiet-one" has no confirmed flags/);
    expect((await objectsIn('green-only', 'sighting'))).toHaveLength(1);
    expect((await objectsIn('green-only')).every((o) => o.tlp === 'clear' || o.tlp === 'green')).toBe(true);
  });
});
