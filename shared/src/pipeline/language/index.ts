/**
 * Language identification: `createLanguageDetector(config).detect(text, { declared, feedPrior })`
 * answers ISO 639-3 (`lav`, `est`, `cmn` canonical) or `und`, a calibrated confidence, the
 * runner-up and the candidate blocks the matcher should score. See detector.ts for the steps.
 */
import type { LanguageOptions, LanguageResult } from '../types.js';
import { createLanguageDetector, DEFAULT_LANGUAGES, type LanguageDetector } from './detector.js';

export { createLanguageDetector, DEFAULT_LANGUAGES, UnsupportedLanguageError } from './detector.js';
export { detectWithScorer, CLOSE_CALL_MARGIN } from './pipeline.js';
export type { LanguageDetector, LanguageDetectorConfig } from './detector.js';
export type { DetectorName, LanguageScore, LanguageScorer } from './ranking.js';
export { toCanonicalLanguage, toFrancCode, fromFrancCode } from './codes.js';
export { routeByScript, scriptShares, LANGUAGE_SCRIPTS, MIN_EVIDENCE, type ScriptGroup, type ScriptRoute } from './script-router.js';
export { choosePrior, breakTieWithPrior, DECLARED_TIE_MARGIN, FEED_PRIOR_TIE_MARGIN, SHORT_TEXT_CHARS, type LanguagePrior } from './priors.js';
export * from './feed-profile.js';
export * from './evaluation.js';

let defaultDetector: LanguageDetector | undefined;

/**
 * Convenience for scripts and one-off callers: the default configuration (eld, the 13 languages),
 * built on first use and reused. Services build their own with createLanguageDetector(config).
 */
export function detectLanguage(text: string, options: LanguageOptions = {}): LanguageResult {
  defaultDetector ??= createLanguageDetector({ languages: DEFAULT_LANGUAGES, detector: 'eld' });
  return defaultDetector.detect(text, options);
}
