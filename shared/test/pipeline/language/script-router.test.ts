import { describe, expect, it } from '@jest/globals';
import { createLanguageDetector, DEFAULT_LANGUAGES, routeByScript } from '@narmon/shared/pipeline/language';

const detectors = (['eld', 'franc'] as const).map((name) => createLanguageDetector({ languages: DEFAULT_LANGUAGES, detector: name }));

describe('script router', () => {
  it('routes by the dominant script: Cyrillic text only ever gets Cyrillic candidates', () => {
    expect(routeByScript('Правительство утвердило новый бюджет', DEFAULT_LANGUAGES).candidates).toEqual(['rus', 'ukr', 'bel']);
    expect(routeByScript('Saeima pieņem jauno budžetu', DEFAULT_LANGUAGES).candidates).toEqual(['lav', 'lit', 'est', 'pol', 'deu', 'fra', 'eng']);
    expect(routeByScript('서울에 새 지하철 노선 개통', DEFAULT_LANGUAGES).candidates).toEqual(['kor']);
    expect(routeByScript('東京で新しい地下鉄の路線が開業', DEFAULT_LANGUAGES).candidates).toEqual(['jpn']);
  });

  it.each(detectors)('$name: a single ツ in a Russian post does not make it Japanese', (detector) => {
    const r = detector.detect('Сегодня в Москве отличная погода ツ');
    expect(r.language).toBe('rus');
    expect(r.candidates).not.toContain('jpn');
  });

  it.each(detectors)('$name: a ツ smiley in Chinese text does not make it Japanese', (detector) => {
    expect(detector.detect('北京开通了一条新的地铁线路，大家都很高兴 ツ').language).toBe('cmn');
  });

  it.each(detectors)('$name: emoji change nothing', (detector) => {
    for (const [plain, decorated] of [
      ['Уряд ухвалив новий бюджет на наступний рік', '🔥🔥 Уряд ухвалив новий бюджет на наступний рік 🇺🇦🔥'],
      ['The government approves the new budget for the coming year', 'The government approves the new budget for the coming year 🎉🎉🎉'],
      ['Rząd przyjął nowy budżet na przyszły rok', '👉 Rząd przyjął nowy budżet na przyszły rok 👈'],
    ]) {
      expect(detector.detect(decorated!).language).toBe(detector.detect(plain!).language);
    }
    expect(detector.detect('🔥🔥 Уряд ухвалив новий бюджет на наступний рік 🇺🇦🔥').language).toBe('ukr');
    expect(detector.detect('👉 Rząd przyjął nowy budżet na przyszły rok 👈').language).toBe('pol');
  });

  it.each(detectors)('$name: mixed-script headlines go with the dominant script', (detector) => {
    expect(detector.detect('Apple представила новый iPhone в Москве').language).toBe('rus');
    expect(detector.detect('iPhone 16が日本で発売').language).toBe('jpn');
    expect(detector.detect('K-pop 스타 BTS 새 앨범 발표').language).toBe('kor');
    expect(detector.detect('Saeima apspriež ziņojumu par «Газпром»').language).toBe('lav');
  });

  it.each(detectors)('$name: URLs and handles are not language', (detector) => {
    expect(detector.detect('https://example.com/news/today @newsdesk').language).toBe('und');
    expect(detector.detect('Уряд ухвалив новий бюджет https://example.com/the-government-approves').language).toBe('ukr');
  });

  it.each(detectors)('$name: kana decides Japanese; kanji-only text is ranked between cmn and jpn only', (detector) => {
    expect(detector.detect('首相官邸で会見').language).toBe('jpn');
    const kanjiOnly = detector.detect('東京都知事選挙');
    expect(['cmn', 'jpn']).toContain(kanjiOnly.language);
    expect(kanjiOnly.runnerUp?.language).toBe(kanjiOnly.language === 'cmn' ? 'jpn' : 'cmn');
    expect(detector.detect('北京开通了一条新的地铁线路').language).toBe('cmn');
  });

  it('franc cannot tell kanji-only Japanese from Chinese: an even split, both blocks scored', () => {
    const r = detectors[1]!.detect('東京都知事選挙');
    expect(r.confidence).toBeCloseTo(0.5);
    expect(r.candidates.sort()).toEqual(['cmn', 'jpn']);
  });

  it.each(detectors)('$name: numbers, punctuation and too few letters are und', (detector) => {
    for (const text of ['', '2024-12-31 15:00', '+371 2000 0000', '… — !!!', '🔥🎉', 'Да', 'OK', '雨']) {
      expect(detector.detect(text)).toEqual({ language: 'und', confidence: 0, runnerUp: null, candidates: [] });
    }
  });
});
