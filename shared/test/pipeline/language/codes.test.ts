import { describe, expect, it } from '@jest/globals';
import { franc } from 'franc';
import { createLanguageDetector, DEFAULT_LANGUAGES, toCanonicalLanguage, toFrancCode, UnsupportedLanguageError } from '@narmon/shared/pipeline/language';

describe('language codes', () => {
  it("maps Latvian and Estonian to franc's own codes and back", () => {
    expect(toFrancCode('lav')).toBe('lvs');
    expect(toFrancCode('est')).toBe('ekk');
    expect(toFrancCode('lit')).toBe('lit');
  });

  it("shows why: franc told only 'lav'/'est' silently never answers them", () => {
    const latvian = 'Saeima pieņem jauno valsts budžetu nākamajam gadam';
    expect(franc(latvian, { only: ['lav', 'lit', 'est'], minLength: 1 })).not.toBe('lav');
    expect(franc(latvian, { only: ['lvs', 'lit', 'ekk'], minLength: 1 })).toBe('lvs');
  });

  it('the franc detector answers canonical lav and est, never lvs or ekk', () => {
    const detector = createLanguageDetector({ languages: DEFAULT_LANGUAGES, detector: 'franc' });
    expect(detector.detect('Saeima pieņem jauno valsts budžetu nākamajam gadam').language).toBe('lav');
    expect(detector.detect('Riigikogu võttis vastu uue riigieelarve järgmiseks aastaks').language).toBe('est');
  });

  it('reads BCP 47 and ISO 639 tags as canonical ISO 639-3', () => {
    expect(toCanonicalLanguage('lv')).toBe('lav');
    expect(toCanonicalLanguage('lv-LV')).toBe('lav');
    expect(toCanonicalLanguage('ru-RU')).toBe('rus');
    expect(toCanonicalLanguage('uk_UA')).toBe('ukr');
    expect(toCanonicalLanguage('zh-Hans-CN')).toBe('cmn');
    expect(toCanonicalLanguage('EN-us')).toBe('eng');
    expect(toCanonicalLanguage('lvs')).toBe('lav');
    expect(toCanonicalLanguage('ekk')).toBe('est');
    expect(toCanonicalLanguage('est')).toBe('est');
    expect(toCanonicalLanguage('')).toBeNull();
    expect(toCanonicalLanguage('not a tag')).toBeNull();
  });

  it('accepts configured languages as tags and rejects ones it cannot route, with a classed error', () => {
    expect(createLanguageDetector({ languages: ['lv', 'ru-RU', 'lvs'], detector: 'eld' }).languages).toEqual(['lav', 'rus']);
    expect(() => createLanguageDetector({ languages: ['lav', 'xyz'], detector: 'eld' })).toThrow(UnsupportedLanguageError);
    expect(() => createLanguageDetector({ languages: ['lav', 'xyz'], detector: 'franc' })).toThrow(/does not support: xyz/);
  });
});
