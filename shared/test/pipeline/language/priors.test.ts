import { describe, expect, it } from '@jest/globals';
import { breakTieWithPrior, createLanguageDetector, DEFAULT_LANGUAGES } from '@narmon/shared/pipeline/language';

const detectors = (['eld', 'franc'] as const).map((name) => createLanguageDetector({ languages: DEFAULT_LANGUAGES, detector: name }));
const eld = detectors[0]!;

// Confident results on real headlines (both detectors agree and are sure).
const CONFIDENT: Array<[string, string, string]> = [
  ['Правительство утвердило новый бюджет на следующий год', 'rus', 'uk'],
  ['Seimas priėmė naująjį valstybės biudžetą ateinantiems metams', 'lit', 'lv'],
  ['Die Regierung beschließt den neuen Haushalt für das kommende Jahr', 'deu', 'en-GB'],
];

describe('prior rules', () => {
  it.each(detectors)('$name: a wrong declaration does not flip a confident result', (detector) => {
    for (const [text, language, wrong] of CONFIDENT) {
      const plain = detector.detect(text);
      expect(plain.language).toBe(language);
      expect(plain.confidence).toBeGreaterThan(0.9);
      expect(detector.detect(text, { declared: wrong })).toEqual(plain);
      expect(detector.detect(text, { declared: wrong, feedPrior: toIso3(wrong) })).toEqual(plain);
    }
  });

  it.each(detectors)('$name: a missing or empty declaration changes nothing', (detector) => {
    for (const text of ['Президент', 'Новини', 'Valdība apstiprina budžetu', 'Uusi', '東京都知事選挙', 'Rīgā atklāta jauna tramvaja līnija']) {
      const plain = detector.detect(text);
      expect(detector.detect(text, {})).toEqual(plain);
      expect(detector.detect(text, { declared: null, feedPrior: null })).toEqual(plain);
      expect(detector.detect(text, { declared: '' })).toEqual(plain);
    }
  });

  it('a declaration is never used against the script', () => {
    const r = eld.detect('Уряд ухвалив новий бюджет', { declared: 'ja', feedPrior: 'lav' });
    expect(r).toEqual(eld.detect('Уряд ухвалив новий бюджет'));
    // Too little text: the declaration fills in only if its script matches.
    expect(eld.detect('Да', { declared: 'lv' }).language).toBe('und');
    expect(eld.detect('Да', { declared: 'ru-RU' })).toMatchObject({ language: 'rus', confidence: 0.5 });
    // No letters at all: nothing to be in any language.
    expect(eld.detect('2024-12-31', { declared: 'lv' }).language).toBe('und');
  });

  it('a word shared by Russian and Ukrainian: the close call keeps both blocks, the feed breaks the tie', () => {
    const plain = eld.detect('Президент');
    expect(plain.candidates.sort()).toEqual(['rus', 'ukr']);
    const fromUkrainianFeed = eld.detect('Президент', { feedPrior: 'ukr' });
    expect(fromUkrainianFeed.language).toBe('ukr');
    expect(fromUkrainianFeed.candidates.sort()).toEqual(['rus', 'ukr']);
    expect(eld.detect('Президент', { feedPrior: 'rus' }).language).toBe('rus');
  });

  it('franc: a declared jpn settles kanji-only text that franc cannot tell from Chinese', () => {
    const franc = detectors[1]!;
    expect(franc.detect('東京都知事選挙').language).toBe('cmn');
    expect(franc.detect('東京都知事選挙', { declared: 'ja-JP' }).language).toBe('jpn');
    expect(franc.detect('北京开通了一条新的地铁线路', { declared: 'zh-CN' }).language).toBe('cmn');
  });

  it('the tie-break swaps only a runner-up within the margin and keeps honest probabilities', () => {
    const ranking = [{ language: 'rus', probability: 0.55 }, { language: 'ukr', probability: 0.45 }];
    expect(breakTieWithPrior(ranking, { language: 'ukr', source: 'declared' }, 30).map((s) => s.language)).toEqual(['ukr', 'rus']);
    expect(breakTieWithPrior(ranking, { language: 'bel', source: 'declared' }, 30)).toBe(ranking);
    const clear = [{ language: 'rus', probability: 0.7 }, { language: 'ukr', probability: 0.3 }];
    expect(breakTieWithPrior(clear, { language: 'ukr', source: 'declared' }, 30)).toBe(clear);
    // A learned feed profile may decide a short item at this margin, not a long one.
    expect(breakTieWithPrior(clear, { language: 'ukr', source: 'feed' }, 30)[0]!.language).toBe('ukr');
    expect(breakTieWithPrior(clear, { language: 'ukr', source: 'feed' }, 300)).toBe(clear);
  });
});

function toIso3(tag: string): string {
  return ({ uk: 'ukr', lv: 'lav', 'en-GB': 'eng' } as Record<string, string>)[tag]!;
}
