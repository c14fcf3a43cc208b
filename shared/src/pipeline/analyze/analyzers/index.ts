import { createEnglishAnalyzer } from './eng.js';
import { createJapaneseAnalyzer } from './jpn.js';
import { createLatvianAnalyzer } from './lav.js';
import { createRussianAnalyzer } from './rus.js';
import { createUkrainianAnalyzer } from './ukr.js';
import { createWordAnalyzer } from './word-analyzer.js';
import type { Analyzer } from './types.js';

export type { Analyzer, Gram, Token, WordEntry } from './types.js';
export { stemLatvian } from './lav.js';

const FACTORIES: Record<string, () => Analyzer> = {
  eng: createEnglishAnalyzer,
  rus: createRussianAnalyzer,
  ukr: createUkrainianAnalyzer,
  lav: createLatvianAnalyzer,
  jpn: createJapaneseAnalyzer,
};

/** Languages with a dedicated analyzer; any other language gets normalisation and tokenizing without stemming. */
export const ANALYZED_LANGUAGES = Object.keys(FACTORIES);

/**
 * One analyzer per language, created on first use and kept (with its stem cache) for the life of
 * the set. The live library passes the same set to every rebuild so caches stay warm.
 */
export class AnalyzerSet {
  private readonly byLanguage = new Map<string, Analyzer>();
  get(language: string): Analyzer {
    let a = this.byLanguage.get(language);
    if (!a) {
      a = (FACTORIES[language] ?? (() => createWordAnalyzer({ language })))();
      this.byLanguage.set(language, a);
    }
    return a;
  }
}

export function createAnalyzer(language: string): Analyzer {
  return new AnalyzerSet().get(language);
}
