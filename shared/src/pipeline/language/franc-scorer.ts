import { francAll } from 'franc';
import { fromFrancCode, toFrancCode } from './codes.js';
import { softmaxRanking, type LanguageScorer } from './ranking.js';

/** Softmax scale per sqrt(character); fitted on dev.jsonl (see ranking.ts). */
const EVIDENCE_SCALE = 2.2;

/**
 * franc restricted to the candidates, in franc's own codes (`lvs`, `ekk`: an `only` list with
 * `lav`/`est` raises no error and silently never returns them). `minLength: 1` because the
 * router already decided whether there is enough text. franc answers s = 1 - distance gap,
 * normalised by length; the gap times sqrt(length) is the evidence.
 *
 * franc's Han model is a single language (cmn): on Han-only text it cannot tell Chinese from
 * kanji-only Japanese, so when both are candidates it answers an even split (cmn first) and the
 * declared or learned prior breaks the tie (see priors.ts).
 */
export function createFrancScorer(): LanguageScorer {
  return {
    name: 'franc',
    rank(text, candidates) {
      const only = candidates.map(toFrancCode);
      const length = Math.sqrt(Math.min(text.length, 2048));
      const evidence = francAll(text, { only, minLength: 1 })
        .filter(([code]) => code !== 'und')
        .map(([code, s]) => [fromFrancCode(code), -(1 - s) * length] as const);
      const [first] = evidence;
      if (evidence.length === 1 && first?.[0] === 'cmn' && candidates.includes('jpn')) evidence.push(['jpn', first[1]]);
      return softmaxRanking(evidence, EVIDENCE_SCALE);
    },
  };
}
