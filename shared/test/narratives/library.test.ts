import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { narrativeRepository } from '@narmon/shared/db';
import { createNarrativeLibrary, parseFingerprint } from '@narmon/shared/narratives';
import { matchItem } from '@narmon/shared/pipeline/analyze';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.js';

let t: TestDatabase;
beforeAll(async () => { t = await createTestDatabase(); });
afterAll(async () => { await t.drop(); });

const fingerprint = (terms: string[], status: 'active' | 'draft' | 'retired' = 'active') => parseFingerprint({
  id: 'grain-theft', status, title: { eng: 'Ukraine steals grain' },
  languages: { eng: { terms: terms.map((x) => ({ t: x, w: 2 })) } }, match: { minScore: 2, minCoverage: 0.2, minTerms: 2 },
}, 'test');

async function until(check: () => boolean, ms = 10000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting for the library to reload');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('live narrative library', () => {
  it('picks up a new version, a new narrative and a retirement without a restart', async () => {
    await narrativeRepository.publishFingerprint(t.db, fingerprint(['grain', 'steal*']));
    const changes: number[] = [];
    const library = await createNarrativeLibrary({ db: t.db, pollMs: 100, onChange: (c) => changes.push(c.fingerprints) });
    try {
      const item = { text: 'Kyiv smuggles grain and wheat abroad', language: 'eng' };
      expect(matchItem(library.current(), item).filter((m) => m.flagged)).toEqual([]);

      const v2 = await narrativeRepository.publishFingerprint(t.db, fingerprint(['grain', 'steal*', 'smuggl*']));
      expect(v2).toMatchObject({ version: 2, changed: true });
      await until(() => matchItem(library.current(), item).some((m) => m.flagged));
      expect(matchItem(library.current(), item)[0]).toMatchObject({ narrative: 'grain-theft', version: 2, flagged: true });

      await narrativeRepository.publishFingerprint(t.db, fingerprint(['grain', 'steal*', 'smuggl*'], 'retired'));
      await until(() => matchItem(library.current(), item).length === 0);
      expect(changes.length).toBeGreaterThanOrEqual(2);
      expect(await library.refresh()).toBe(false);
    } finally {
      await library.close();
    }
  });

  it('leaves drafts out of the index', async () => {
    const draft = parseFingerprint({ id: 'draft-one', status: 'draft', title: { eng: 'd' }, languages: { eng: { terms: [{ t: 'zebra' }, { t: 'giraffe' }] } }, match: { minScore: 0, minCoverage: 0, minTerms: 1 } }, 'd');
    await narrativeRepository.publishFingerprint(t.db, draft);
    const library = await createNarrativeLibrary({ db: t.db, pollMs: 0 });
    try {
      expect(library.current().fingerprints.map((f) => f.id)).not.toContain('draft-one');
      await narrativeRepository.publishFingerprint(t.db, { ...draft, status: 'active' });
      expect(await library.refresh()).toBe(true);
      expect(matchItem(library.current(), { text: 'a zebra', language: 'eng' })[0]).toMatchObject({ narrative: 'draft-one', version: 2 });
    } finally {
      await library.close();
    }
  });
});
