import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TLP_LEVELS, type Tlp } from '@narmon/schemas';
import { sharingGroupRepository, stixObjectRepository } from '../../src/db/index.js';
import { isVisibleTo, viewerInGroup } from '../../src/exchange/index.js';
import { TLP_MARKING_IDS } from '../../src/stix/index.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.js';

// What a member partner sees, written out by hand per ceiling (the lower of group maximum and
// clearance): RED never; AMBER+STRICT only when the partner's organisation owns the object.
const SEEN_BY_CEILING: Record<Tlp, { owner: Tlp[]; other: Tlp[] }> = {
  clear: { owner: ['clear'], other: ['clear'] },
  green: { owner: ['clear', 'green'], other: ['clear', 'green'] },
  amber: { owner: ['clear', 'green', 'amber'], other: ['clear', 'green', 'amber'] },
  'amber+strict': { owner: ['clear', 'green', 'amber', 'amber+strict'], other: ['clear', 'green', 'amber'] },
  red: { owner: ['clear', 'green', 'amber', 'amber+strict'], other: ['clear', 'green', 'amber'] },
};
const rank = (t: Tlp) => TLP_LEVELS.indexOf(t);
const ceilingOf = (a: Tlp, b: Tlp): Tlp => (rank(a) <= rank(b) ? a : b);

let t: TestDatabase;
beforeAll(async () => { t = await createTestDatabase(); });
afterAll(async () => { await t.drop(); });

describe('TLP x clearance x membership matrix', () => {
  it('shows exactly the allowed objects, in the pure rule and in the SQL that pages', async () => {
    let checked = 0;
    for (const groupMax of TLP_LEVELS) {
      const group = await sharingGroupRepository.createSharingGroup(t.db, { id: `g-${groupMax.replace('+', '-')}`, title: groupMax, maxTlp: groupMax });
      // one object per TLP level; AMBER+STRICT ones belong to org "owner"
      await stixObjectRepository.addObjectsToCollection(t.db, group.collectionId, TLP_LEVELS.map((tlp, i) => ({
        object: { type: 'note', spec_version: '2.1', id: `note--00000000-0000-4000-8000-00000000000${i}`, created: '2026-03-01T00:00:00.000Z', modified: '2026-03-01T00:00:00.000Z', content: tlp, object_refs: ['narrative--00000000-0000-4000-8000-000000000000'], object_marking_refs: [TLP_MARKING_IDS[tlp]] },
        tlp, ownerOrg: 'owner', publishedBy: 'test',
      })));
      for (const clearance of TLP_LEVELS) {
        for (const org of ['owner', 'other']) {
          await sharingGroupRepository.upsertMember(t.db, group.id, { organization: org, clearance });
        }
        const g = (await sharingGroupRepository.findSharingGroup(t.db, group.id))!;
        for (const membership of ['owner', 'other', 'not-a-member'] as const) {
          const viewer = viewerInGroup(g, { role: 'partner', organization: membership === 'not-a-member' ? 'outsider' : membership });
          const expected = membership === 'not-a-member' ? [] : SEEN_BY_CEILING[ceilingOf(groupMax, clearance)][membership];
          if (!viewer) {
            expect(membership).toBe('not-a-member');
            checked += 5;
            continue;
          }
          const pure = TLP_LEVELS.filter((tlp) => isVisibleTo(tlp, tlp === 'amber+strict' ? 'owner' : null, viewer));
          // SQL, one object per page, to check that paging sees the same set
          const viaSql: string[] = [];
          let afterUs: number | undefined;
          for (;;) {
            const page = await stixObjectRepository.visibleObjects(t.db, { collectionId: g.collectionId, viewer, limit: 1, ...(afterUs !== undefined ? { afterUs } : {}) });
            viaSql.push(...page.rows.map((r) => String(r.object.content)));
            if (!page.more) break;
            afterUs = page.rows[page.rows.length - 1]!.dateAddedUs;
          }
          const label = `max ${groupMax}, clearance ${clearance}, ${membership}`;
          expect({ label, seen: pure }).toEqual({ label, seen: expected });
          expect({ label, seen: viaSql }).toEqual({ label, seen: expected });
          checked += 5;
        }
      }
    }
    // 5 group maxima x 5 clearances x 3 memberships x 5 object levels
    expect(checked).toBe(375);
  });

  it('our analysts see everything up to the group maximum except RED', () => {
    const viewer = viewerInGroup({ maxTlp: 'red', members: [] }, { role: 'analyst', organization: null })!;
    expect(TLP_LEVELS.filter((tlp) => isVisibleTo(tlp, 'someone', viewer))).toEqual(['clear', 'green', 'amber', 'amber+strict']);
  });
});
