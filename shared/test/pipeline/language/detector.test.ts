import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  accuracy, createLanguageDetector, DEFAULT_LANGUAGES, detectLanguage, evaluateLanguageDetector, type LabelledText,
} from '@narmon/shared/pipeline/language';
import { HEADLINES } from './headlines.js';

const eld = createLanguageDetector({ languages: DEFAULT_LANGUAGES, detector: 'eld' });
const franc = createLanguageDetector({ languages: DEFAULT_LANGUAGES, detector: 'franc' });
const headlines = Object.entries(HEADLINES).flatMap(([language, texts]) => texts.map((text) => [language, text] as const));

describe('language detection', () => {
  it.each(headlines)('eld: %s headline "%s"', (language, text) => {
    const r = eld.detect(text);
    expect(r.language).toBe(language);
    expect(r.candidates[0]).toBe(language);
  });

  it('franc gets most of the same headlines right (it is the weaker model on short text)', () => {
    const right = headlines.filter(([language, text]) => franc.detect(text).language === language).length;
    expect(right).toBeGreaterThanOrEqual(18);
  });

  it.each([eld, franc])('$name: confidence is a probability that drops with ambiguity', (detector) => {
    const clear = detector.detect('Правительство утвердило новый бюджет на следующий год, сообщили в Кремле');
    const shared = detector.detect('Новости');
    for (const r of [clear, shared]) {
      expect(r.confidence).toBeGreaterThan(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
      if (r.runnerUp) expect(r.confidence + r.runnerUp.confidence).toBeLessThanOrEqual(1 + 1e-9);
    }
    expect(clear.confidence).toBeGreaterThan(0.95);
    expect(shared.confidence).toBeLessThan(clear.confidence);
  });

  it('a Latvian/Lithuanian or Russian/Ukrainian close call gives the matcher both blocks', () => {
    expect(eld.detect('Новини').candidates.sort()).toEqual(['rus', 'ukr']);
    expect(eld.detect('Saeima pieņem jauno valsts budžetu').candidates).toEqual(['lav']);
  });

  it('detectLanguage() is the default detector (eld, the 13 languages)', () => {
    expect(detectLanguage('Saeima pieņem jauno valsts budžetu')).toEqual(eld.detect('Saeima pieņem jauno valsts budžetu'));
    expect(detectLanguage('Президент', { feedPrior: 'ukr' }).language).toBe('ukr');
  });
});

describe('accuracy on ../shared/fixtures/lang/dev.jsonl', () => {
  const rows = readFileSync(resolve(process.cwd(), '../shared/fixtures/lang/dev.jsonl'), 'utf8')
    .split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as LabelledText);

  it('the default configuration (eld) meets the issue thresholds', () => {
    const e = evaluateLanguageDetector(createLanguageDetector({ languages: DEFAULT_LANGUAGES, detector: 'eld' }), rows);
    expect(accuracy(e.overall)).toBeGreaterThanOrEqual(0.99);
    expect(accuracy(e.byBucket['<=40'])).toBeGreaterThanOrEqual(0.97);
    for (const language of ['lav', 'rus', 'ukr', 'eng', 'jpn']) expect(accuracy(e.byLanguage[language]!)).toBeGreaterThanOrEqual(0.97);
    // Close calls carry the right block to the matcher even where the top answer is wrong.
    expect(accuracy(e.candidateRecall)).toBeGreaterThanOrEqual(0.998);
  });

  it('franc, configured right, stays at its measured level', () => {
    const e = evaluateLanguageDetector(franc, rows);
    expect(accuracy(e.overall)).toBeGreaterThanOrEqual(0.95);
    expect(accuracy(e.byBucket['<=40'])).toBeGreaterThanOrEqual(0.87);
  });
});
