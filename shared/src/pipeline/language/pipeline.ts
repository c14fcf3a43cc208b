/**
 * The detection steps for one text, given one model: router -> model -> priors -> result. It
 * imports no model itself, so a process (or the benchmark) can load exactly the one it uses.
 */
import type { LanguageOptions, LanguageResult } from '../types.js';
import { breakTieWithPrior, choosePrior, fallBackToPrior } from './priors.js';
import type { LanguageScore, LanguageScorer } from './ranking.js';
import { MIN_EVIDENCE, routeByScript, type ScriptRoute } from './script-router.js';

/**
 * The runner-up's block is scored too (rus+ukr, lav+lit) when the top answer leads it by less
 * than this much probability: a close call must not hide a narrative in the other language.
 */
export const CLOSE_CALL_MARGIN = 0.5;

const UND: LanguageResult = { language: 'und', confidence: 0, runnerUp: null, candidates: [] };

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
