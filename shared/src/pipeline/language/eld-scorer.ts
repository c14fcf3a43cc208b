import { eld } from 'eld/medium';
import { fromIso6391, toIso6391 } from './codes.js';
import { softmaxRanking, type LanguageScorer } from './ranking.js';

/**
 * eld's "medium" database: measured the most accurate of its four sizes on the dev set with our
 * 13 languages (large is both bigger and slightly worse there). The static entry is loaded once
 * per process, when this module is imported; every scorer is a cheap instance sharing it.
 */
const ELD_DATABASE = eld;

/** Softmax scale per byte of text read; fitted on dev.jsonl (see ranking.ts). */
const EVIDENCE_SCALE = 0.006;
/** eld reads at most about this many UTF-8 bytes of a text. */
const ELD_MAX_BYTES = 380;

/** The languages eld can score, from the ones asked for. */
export function eldSupports(language: string): boolean {
  const code = toIso6391(language);
  return code !== null && Object.values(ELD_DATABASE.info().Languages).includes(code);
}

/**
 * eld restricted to the configured languages. eld reports per language s = g / (g + 25), g being
 * the mean n-gram score; g times the bytes read is the model's total evidence.
 */
export function createEldScorer(languages: readonly string[]): LanguageScorer {
  const detector = ELD_DATABASE.newInstance();
  detector.setLanguageSubset(languages.map((l) => toIso6391(l)).filter((c): c is string => c !== null));
  return {
    name: 'eld',
    rank(text, candidates) {
      const wanted = new Set(candidates);
      const bytes = Math.min(Buffer.byteLength(text.toLowerCase()), ELD_MAX_BYTES);
      const evidence: Array<[string, number]> = [];
      for (const [code, s] of Object.entries(detector.detect(text).getScores())) {
        const language = fromIso6391(code);
        if (language && wanted.has(language) && s > 0 && s < 1) evidence.push([language, (bytes * 25 * s) / (1 - s)]);
      }
      return softmaxRanking(evidence, EVIDENCE_SCALE);
    },
  };
}
