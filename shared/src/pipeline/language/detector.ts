import { NarmonError } from '../../errors/index.js';
import type { LanguageOptions, LanguageResult } from '../types.js';
import { toCanonicalLanguage } from './codes.js';
import { createEldScorer, eldSupports } from './eld-scorer.js';
import { createFrancScorer } from './franc-scorer.js';
import { breakTieWithPrior, choosePrior, fallBackToPrior } from './priors.js';
import type { DetectorName, LanguageScore, LanguageScorer } from './ranking.js';
import { LANGUAGE_SCRIPTS, MIN_EVIDENCE, routeByScript, type ScriptRoute } from './script-router.js';

export const DEFAULT_LANGUAGES = ['lav', 'lit', 'est', 'rus', 'ukr', 'bel', 'pol', 'deu', 'fra', 'eng', 'jpn', 'cmn', 'kor'];

/**
 * The runner-up's block is scored too (rus+ukr, lav+lit) when the top answer leads it by less
 * than this much probability: a close call must not hide a narrative in the other language.
 */
export const CLOSE_CALL_MARGIN = 0.5;

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

const UND: LanguageResult = { language: 'und', confidence: 0, runnerUp: null, candidates: [] };

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

/** Router -> model -> priors -> result; each step is a small function of its own file. */
export function detectWithScorer(scorer: LanguageScorer, languages: readonly string[], text: string, options: LanguageOptions): LanguageResult {
  const route = routeByScript(text, languages);
  const prior = choosePrior(options, route.candidates);
  const ranking = route.evidence < MIN_EVIDENCE ? [] : rankByScript(scorer, route);
  if (ranking.length === 0) return toResult(route.evidence > 0 ? fallBackToPrior(prior) : []);
  return toResult(breakTieWithPrior(ranking, prior, text.length));
}

/** A script written by one configured language decides it; otherwise the model ranks the script's languages. */
function rankByScript(scorer: LanguageScorer, route: ScriptRoute): LanguageScore[] {
  if (route.candidates.length === 0) return [];
  const [only] = route.candidates;
  if (route.candidates.length === 1 && only) return [{ language: only, probability: route.share }];
  return scorer.rank(route.text, route.candidates);
}

function toResult(ranking: LanguageScore[]): LanguageResult {
  const [top, second] = ranking;
  if (!top) return UND;
  const close = second !== undefined && top.probability - second.probability < CLOSE_CALL_MARGIN;
  return {
    language: top.language,
    confidence: top.probability,
    runnerUp: second ? { language: second.language, confidence: second.probability } : null,
    candidates: close ? [top.language, second.language] : [top.language],
  };
}
