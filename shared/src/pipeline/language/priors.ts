/**
 * Prior rules: what a feed says about its language (the declared `<language>`, or the profile
 * learned from its long items) may break a near-tie or fill in for too little text, and nothing
 * more. It never overrides a confident result and never goes against the script: a prior that
 * is not among the script's candidates is ignored.
 */
import type { LanguageOptions } from '../types.js';
import { toCanonicalLanguage } from './codes.js';
import type { LanguageScore } from './ranking.js';

export interface LanguagePrior {
  language: string;
  source: 'feed' | 'declared';
}

/** A declaration takes the lead only when the text alone prefers another language by less than this. */
export const DECLARED_TIE_MARGIN = 0.2;
/** A learned feed profile is stronger evidence, for short items (headlines) where the text says little. */
export const FEED_PRIOR_TIE_MARGIN = 0.5;
/** Up to this many characters an item counts as short. */
export const SHORT_TEXT_CHARS = 120;
/** Confidence of an answer that rests on the prior alone (the text was too short to tell). */
export const PRIOR_ONLY_CONFIDENCE = 0.5;

/** The prior for one text: the learned feed language, else the declared one, if the script allows it. */
export function choosePrior(options: LanguageOptions, scriptCandidates: readonly string[]): LanguagePrior | null {
  const feed = toCanonicalLanguage(options.feedPrior);
  if (feed && scriptCandidates.includes(feed)) return { language: feed, source: 'feed' };
  const declared = toCanonicalLanguage(options.declared);
  if (declared && scriptCandidates.includes(declared)) return { language: declared, source: 'declared' };
  return null;
}

/** How close the top two must be for this prior to swap them. */
export function tieMargin(prior: LanguagePrior, textLength: number): number {
  return prior.source === 'feed' && textLength <= SHORT_TEXT_CHARS ? FEED_PRIOR_TIE_MARGIN : DECLARED_TIE_MARGIN;
}

/**
 * Swaps the top two when the prior is the runner-up within the margin; otherwise returns the
 * ranking unchanged. Probabilities are kept as the text gave them, so after a swap the answer's
 * confidence is honestly below its runner-up's.
 */
export function breakTieWithPrior(ranking: LanguageScore[], prior: LanguagePrior | null, textLength: number): LanguageScore[] {
  if (!prior || ranking.length < 2) return ranking;
  const [top, second, ...rest] = ranking;
  if (!top || !second || second.language !== prior.language || top.probability - second.probability > tieMargin(prior, textLength)) return ranking;
  return [second, top, ...rest];
}

/** When the text alone is too short to tell, a prior the script allows is the answer, at low confidence. */
export function fallBackToPrior(prior: LanguagePrior | null): LanguageScore[] {
  return prior ? [{ language: prior.language, probability: PRIOR_ONLY_CONFIDENCE }] : [];
}
