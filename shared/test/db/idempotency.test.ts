import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fingerprintSchema } from '@narmon/schemas';
import { feedRepository, narrativeRepository } from '../../src/db/index.js';
import { persistAnalyzedItems } from '../../src/pipeline/persist/index.js';
import type { AnalyzedItem } from '../../src/pipeline/types.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.js';

let t: TestDatabase;
beforeAll(async () => { t = await createTestDatabase(); });
afterAll(async () => { await t.drop(); });

const fp = fingerprintSchema.parse({
  id: 'test-narrative',
  status: 'active',
  title: { eng: 'Test narrative' },
  languages: { eng: { terms: [{ t: 'sanctions', w: 2 }, { t: 'backfire', w: 2 }] } },
});

function item(guid: string, withFlag: boolean): AnalyzedItem {
  return {
    guid, link: `https://example.test/${guid}`, title: `Title ${guid}`, text: 'Sanctions backfire', html: null,
    published: new Date('2026-11-01T10:00:00Z'), dateInferred: false, language: 'eng', languageConfidence: 0.9,
    matches: withFlag ? [{ narrative: 'test-narrative', version: 1, score: 4, coverage: 1, language: 'eng', flagged: true, terms: [] }] : [],
  };
}

describe('idempotent writes', () => {
  it('persisting the same items twice adds no item and no flag', async () => {
    await narrativeRepository.publishFingerprint(t.db, fp);
    const feed = await feedRepository.upsertFeed(t.db, { url: 'https://example.test/feed.xml', tags: [] });
    const first = await persistAnalyzedItems(t.db, feed.id, [item('a', true), item('b', false)]);
    const second = await persistAnalyzedItems(t.db, feed.id, [item('a', true), item('b', false)]);
    expect(first).toEqual({ itemsSeen: 2, itemsInserted: 2, flagsInserted: 1 });
    expect(second).toEqual({ itemsSeen: 2, itemsInserted: 0, flagsInserted: 0 });
    const counts = await t.db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const flags = await t.db.selectFrom('flags').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(counts.n)).toBe(2);
    expect(Number(flags.n)).toBe(1);
  });

  it('the same feed URL twice is one feed', async () => {
    const a = await feedRepository.upsertFeed(t.db, { url: 'https://example.test/x.xml', tags: ['a'] });
    const b = await feedRepository.upsertFeed(t.db, { url: 'https://example.test/x.xml', tags: ['b'] });
    expect(b.id).toBe(a.id);
    expect(b.tags).toEqual(['b']);
  });

  it('publishing an unchanged fingerprint keeps its version; a change makes a new one', async () => {
    const again = await narrativeRepository.publishFingerprint(t.db, fp);
    expect(again).toEqual({ id: 'test-narrative', version: 1, changed: false });
    const changed = await narrativeRepository.publishFingerprint(t.db, { ...fp, tags: ['economy'] });
    expect(changed).toEqual({ id: 'test-narrative', version: 2, changed: true });
    const versions = await t.db.selectFrom('narrative_versions').select('version').where('narrative_id', '=', 'test-narrative').orderBy('version').execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
  });
});
