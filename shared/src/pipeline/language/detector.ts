import { NarmonError } from '../../errors/index.js';
import type { LanguageOptions, LanguageResult } from '../types.js';
import { DEFAULT_LANGUAGES, toCanonicalLanguage } from './codes.js';
import { createEldScorer, eldSupports } from './eld-scorer.js';
import { createFrancScorer } from './franc-scorer.js';
import { detectWithScorer } from './pipeline.js';
import type { DetectorName } from './ranking.js';
import { LANGUAGE_SCRIPTS } from './script-router.js';

export { DEFAULT_LANGUAGES };

export interface LanguageDetectorConfig {
  /** ISO 639-3 codes (BCP 47 / ISO 639-1 tags are accepted and mapped). */
  languages: readonly string[];
  detector: DetectorName;
}

export interface LanguageDetector {
  readonly name: DetectorName;
  /** The configured languages, canonical ISO 639-3. */
  readonly languages: readonly string[];
  detect(text: string, options?: LanguageOptions): LanguageResult;
}

/** A configured language that the router or the chosen detector cannot handle. */
export class UnsupportedLanguageError extends NarmonError {
  constructor(readonly languages: string[], detector: DetectorName) {
    super('unsupported-language', `language detection (${detector}) does not support: ${languages.join(', ')}`);
  }
}

/**
 * A detector for the configured languages: the script router picks the candidates, the chosen
 * model (eld or franc) ranks them, the feed's priors may break a near-tie. Build one per process
 * and reuse it (eld's n-gram database is loaded once, at import).
 */
export function createLanguageDetector(config: LanguageDetectorConfig = { languages: DEFAULT_LANGUAGES, detector: 'eld' }): LanguageDetector {
  const languages = canonicalLanguages(config);
  const scorer = config.detector === 'eld' ? createEldScorer(languages) : createFrancScorer();
  return {
    name: scorer.name,
    languages,
    detect: (text, options = {}) => detectWithScorer(scorer, languages, text, options),
  };
}

function canonicalLanguages(config: LanguageDetectorConfig): string[] {
  const languages = [...new Set(config.languages.map((l) => toCanonicalLanguage(l) ?? l))];
  const unsupported = languages.filter((l) => !LANGUAGE_SCRIPTS[l] || (config.detector === 'eld' && !eldSupports(l)));
  if (unsupported.length > 0) throw new UnsupportedLanguageError(unsupported, config.detector);
  return languages;
}
