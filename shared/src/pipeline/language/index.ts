import { franc } from 'franc';
import type { LanguageOptions, LanguageResult } from '../types.js';

/** franc's own codes differ from ISO 639-3 macrolanguage codes for a few languages. */
const TO_FRANC: Record<string, string> = { lav: 'lvs', est: 'ekk' };
const FROM_FRANC: Record<string, string> = { lvs: 'lav', ekk: 'est' };

export const DEFAULT_LANGUAGES = ['lav', 'lit', 'est', 'rus', 'ukr', 'bel', 'pol', 'deu', 'fra', 'eng', 'jpn', 'cmn', 'kor'];

export interface LanguageDetectorConfig {
  languages: string[];
  detector: 'eld' | 'franc';
}

export interface LanguageDetector {
  readonly name: string;
  detect(text: string, options?: LanguageOptions): LanguageResult;
}

/**
 * FOUNDATION VERSION: franc restricted to the configured languages; the language issue adds
 * eld, the script router and the priors.
 */
export function createLanguageDetector(config: LanguageDetectorConfig = { languages: DEFAULT_LANGUAGES, detector: 'franc' }): LanguageDetector {
  const only = config.languages.map((l) => TO_FRANC[l] ?? l);
  return {
    name: 'franc',
    detect(text: string): LanguageResult {
      const code = franc(text, { only, minLength: 3 });
      const language = FROM_FRANC[code] ?? code;
      return { language, confidence: language === 'und' ? 0 : 1, runnerUp: null, candidates: language === 'und' ? [] : [language] };
    },
  };
}
