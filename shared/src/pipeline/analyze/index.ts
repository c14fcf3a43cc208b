import type { Fingerprint } from '@narmon/schemas';
import type { AnalyzableItem, MatchedTerm, NarrativeMatch } from '../types.js';

/**
 * FOUNDATION VERSION: a plain weighted-term scan over lower-cased Unicode words, prefix terms
 * by trailing `*`. The matching issue replaces it with per-language analyzers (stemming), an
 * inverted index with a presearcher, phrases, entities and rarity weights.
 */
export interface MatcherIndex {
  fingerprints: Fingerprint[];
}

export function buildMatcherIndex(fingerprints: Fingerprint[]): MatcherIndex {
  return { fingerprints: fingerprints.filter((f) => f.status !== 'retired') };
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

function words(text: string): Array<{ w: string; start: number; end: number }> {
  const out: Array<{ w: string; start: number; end: number }> = [];
  for (const m of text.matchAll(WORD)) out.push({ w: m[0].toLowerCase(), start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  return out;
}

export function analyzedText(item: AnalyzableItem): string {
  return item.title ? `${item.title}\n${item.text}` : item.text;
}

export function matchItem(index: MatcherIndex, item: AnalyzableItem): NarrativeMatch[] {
  const text = analyzedText(item);
  const toks = words(text);
  const langs = new Set([item.language ?? 'und', ...(item.languageCandidates ?? [])]);
  const results: NarrativeMatch[] = [];
  for (const fp of index.fingerprints) {
    for (const lang of langs) {
      const block = fp.languages[lang];
      if (!block) continue;
      const terms: MatchedTerm[] = [];
      let score = 0;
      let total = 0;
      for (const { t, w } of block.terms) {
        total += w;
        const prefix = t.endsWith('*');
        const needle = (prefix ? t.slice(0, -1) : t).toLowerCase();
        const hits = toks.filter((k) => (prefix ? k.w.startsWith(needle) : k.w === needle));
        if (hits.length) {
          score += w;
          terms.push({ term: t, kind: 'term', weight: w, offsets: hits.map((h) => [h.start, h.end]) });
        }
      }
      const excluded = block.exclude.some((x) => toks.some((k) => k.w === x.toLowerCase()));
      const coverage = total ? score / total : 0;
      if (!terms.length) continue;
      const flagged = !excluded && score >= fp.match.minScore && coverage >= fp.match.minCoverage && terms.length >= fp.match.minTerms;
      results.push({ narrative: fp.id, version: fp.version, score, coverage, language: lang, terms, flagged });
    }
  }
  return results.sort((a, b) => Number(b.flagged) - Number(a.flagged) || b.score - a.score);
}
