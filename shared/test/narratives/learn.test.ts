import { describe, expect, it } from '@jest/globals';
import { fingerprintSchema } from '@narmon/schemas';
import { learnFingerprint, LearnError, parseFingerprint } from '@narmon/shared/narratives';
import { buildMatcherIndex, matchItem } from '@narmon/shared/pipeline/analyze';

const NOW = new Date('2026-11-25T12:00:00Z');

describe('learnFingerprint', () => {
  it('proposes terms that separate the examples from the background, with weights and calibrated thresholds', () => {
    const draft = learnFingerprint({
      id: 'grain-theft', title: 'Ukraine steals grain', now: NOW,
      examples: [
        'Kyiv is stealing grain from the hungry and selling it in Europe.',
        'Ukraine steals grain meant for Africa, officials claim.',
        'Stolen grain from Ukraine floods European markets.',
        'The grain deal lets Kyiv steal from poor countries.',
      ].map((text) => ({ text, language: 'eng' })),
      background: [
        'Ukraine and Europe discussed gas prices today.',
        'Officials in Kyiv met European ministers.',
        'Markets in Europe rose on Monday.',
        'Africa summit opens in Addis Ababa.',
      ].map((text) => ({ text, language: 'eng' })),
    });
    const fp = fingerprintSchema.parse(draft);
    expect(fp).toMatchObject({ id: 'grain-theft', status: 'draft', title: { eng: 'Ukraine steals grain' } });
    expect(fp.provenance.created).toBe(NOW.toISOString());
    const terms = new Map(fp.languages.eng!.terms.map((x) => [x.t, x.w]));
    // grain is in every example and no background text; Europe is as common in the background.
    expect(terms.get('grain')).toBeGreaterThanOrEqual(5);
    expect(terms.get('grain')).toBeGreaterThan(terms.get('europe') ?? terms.get('european') ?? 0);
    expect([...terms.keys()]).not.toContain('the');
    const index = buildMatcherIndex([parseFingerprint({ ...draft, status: 'active' }, 'draft')]);
    expect(matchItem(index, { text: 'They steal grain again, Kyiv grain traders say.', language: 'eng' })[0]?.flagged).toBe(true);
    expect(matchItem(index, { text: 'Markets in Europe rose on Monday.', language: 'eng' }).filter((m) => m.flagged)).toEqual([]);
  });

  it('calibrates thresholds among the library the draft joins, where shared words weigh less', () => {
    const examples = [
      'Kyiv is stealing grain from the hungry and selling it in Europe.',
      'Ukraine steals grain meant for Africa, officials claim.',
      'Stolen grain from Ukraine floods European markets.',
      'The grain deal lets Kyiv steal from poor countries.',
    ].map((text) => ({ text, language: 'eng' }));
    // Twenty narratives already use the examples' words: in this library they are far from rare.
    const shared = ['grain', 'ukraine', 'kyiv', 'steal', 'stolen', 'europe', 'european', 'markets', 'africa', 'hungry', 'deal', 'poor', 'countries', 'selling', 'floods', 'officials'];
    const topics = ['fertiliser', 'ports', 'shipping', 'prices', 'farmers', 'exports', 'harvest', 'wheat', 'corn', 'railways', 'sanctions', 'drones', 'mines', 'insurance', 'silos', 'barley', 'sunflower', 'storage', 'customs', 'quotas'];
    const library = topics.map((w, i) => parseFingerprint({
      id: `grain-${i}`, status: 'active', title: { eng: w },
      languages: { eng: { terms: [...shared.map((t) => ({ t, w: 1 })), { t: w, w: 3 }] } }, match: { minScore: 4, minCoverage: 0.2, minTerms: 2 },
    }, `grain-${i}`));
    const flagsInLibrary = (draft: ReturnType<typeof learnFingerprint>) => {
      const ix = buildMatcherIndex([...library, parseFingerprint({ ...draft, status: 'active' }, 'draft')]);
      return examples.filter((x) => matchItem(ix, x).some((m) => m.narrative === 'grain-theft' && m.flagged)).length;
    };
    const alone = learnFingerprint({ id: 'grain-theft', title: 'Ukraine steals grain', now: NOW, examples });
    const among = learnFingerprint({ id: 'grain-theft', title: 'Ukraine steals grain', now: NOW, examples, library });
    // Calibrated alone (every term at rarity 1), the draft misses most of its own examples once published.
    expect(flagsInLibrary(alone)).toBeLessThanOrEqual(2);
    expect(flagsInLibrary(among)).toBe(4);
    expect(among.match!.minScore!).toBeLessThan(alone.match!.minScore!);
    expect(among.provenance!.note).toContain('among 20 fingerprint(s)');
  });

  it('writes Latvian terms as prefix terms and keeps one block per language, detecting missing languages', () => {
    const draft = learnFingerprint({
      id: 'lv-test', title: 'Diskriminācija', now: NOW,
      examples: [
        { text: 'Krievvalodīgie Latvijā piedzīvo diskrimināciju skolās.', language: 'lav' },
        { text: 'Latvijas valdība diskriminē krievvalodīgos.', language: 'lav' },
        { text: 'ウクライナの生物兵器研究所の噂。' },
        { text: '生物兵器研究所がウクライナにあるという主張。' },
      ],
      detectLanguage: (text) => (/[\u3040-\u30ff\u4e00-\u9fff]/.test(text) ? 'jpn' : 'und'),
    });
    expect(Object.keys(draft.languages ?? {}).sort()).toEqual(['jpn', 'lav']);
    expect(draft.languages!.lav!.terms!.map((x) => x.t)).toEqual(expect.arrayContaining(['krievvalodīg*', 'diskrimin*']));
    expect(draft.languages!.jpn!.terms!.map((x) => x.t)).toEqual(expect.arrayContaining(['生物', '兵器']));
    expect(() => parseFingerprint(draft, 'draft')).not.toThrow();
  });

  it('refuses input it cannot learn from', () => {
    expect(() => learnFingerprint({ id: 'x-empty', title: 'x', examples: [{ text: '   ' }] })).toThrow(LearnError);
    expect(() => learnFingerprint({ id: 'Bad Id', title: 'x', examples: [{ text: 'grain grain', language: 'eng' }] })).toThrow(/id: must be a lowercase slug/);
  });
});
