/** What a detector adapter answers: a probability per candidate language, best first. */
export interface LanguageScore {
  language: string;
  probability: number;
}

export type DetectorName = 'eld' | 'franc';

/** One n-gram model behind the common interface. */
export interface LanguageScorer {
  readonly name: DetectorName;
  /**
   * Probabilities over those `candidates` the model has any evidence for, best first, summing
   * to 1; empty when it has none.
   */
  rank(text: string, candidates: readonly string[]): LanguageScore[];
}

/**
 * Turns per-language evidence (higher is better, in the model's own units) into probabilities:
 * a softmax whose `scale` was fitted per model on the dev set, so that a probability of 0.9
 * is right about nine times in ten (see `npm run eval:language`, calibration table).
 */
export function softmaxRanking(evidence: ReadonlyArray<readonly [string, number]>, scale: number): LanguageScore[] {
  if (evidence.length === 0) return [];
  const best = Math.max(...evidence.map(([, e]) => e));
  const weights = evidence.map(([language, e]) => [language, Math.exp(scale * (e - best))] as const);
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  return weights.map(([language, w]) => ({ language, probability: w / total })).sort((a, b) => b.probability - a.probability);
}
