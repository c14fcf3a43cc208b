import type { MatchedTerm, NarrativeMatch } from '../types.js';
import type { Token } from './analyzers/index.js';
import type { CompiledSeq } from './compile.js';
import type { CompiledBlock } from './index-builder.js';
import type { EntityChannels, LanguageAnalysis } from './item-analysis.js';

type Span = [number, number];

/** Every place a compiled sequence occurs in the item, as [start, end) character offsets. */
export function findSeq(seq: CompiledSeq, a: LanguageAnalysis): Span[] {
  const spans = findInTokens(seq, a);
  if (spans.length === 0 && seq.grams) return findGrams(seq.grams, a);
  return spans;
}

function findInTokens(seq: CompiledSeq, a: LanguageAnalysis): Span[] {
  const els = seq.elements;
  const first = els[0]!;
  const stream: Token[] = seq.stream === 'content' ? a.content() : a.tokens;
  const valueOf = seq.byNorm ? (t: Token) => t.norm : (t: Token) => t.key;
  let starts: number[];
  if (first.prefix) {
    starts = [];
    for (let i = 0; i < stream.length; i++) if (stream[i]!.norm.startsWith(first.value)) starts.push(i);
  } else {
    const map = seq.byNorm ? a.norms() : seq.stream === 'content' ? a.contentKeys() : a.keys();
    starts = map.get(first.value) ?? [];
  }
  if (els.length === 1) return starts.map((i) => [stream[i]!.start, stream[i]!.end]);
  const out: Span[] = [];
  outer: for (const s of starts) {
    if (s + els.length > stream.length) continue;
    for (let j = 1; j < els.length; j++) {
      const e = els[j]!;
      const t = stream[s + j]!;
      if (e.prefix ? !t.norm.startsWith(e.value) : valueOf(t) !== e.value) continue outer;
    }
    out.push([stream[s]!.start, stream[s + els.length - 1]!.end]);
  }
  return out;
}

function findGrams(grams: string[], a: LanguageAnalysis): Span[] {
  const stream = a.grams ?? [];
  const out: Span[] = [];
  outer: for (const s of a.gramIndex().get(grams[0]!) ?? []) {
    if (s + grams.length > stream.length) continue;
    for (let j = 1; j < grams.length; j++) if (stream[s + j]!.gram !== grams[j]) continue outer;
    out.push([stream[s]!.start, stream[s + grams.length - 1]!.end]);
  }
  return out;
}

/** A verified candidate: the public match plus what ranking needs. */
export interface VerifiedMatch extends NarrativeMatch {
  /** Order among matches: score damped by coverage, so long fingerprints do not win on size alone. */
  rank: number;
}

/**
 * Scores one candidate block: which weighted terms, phrases and entities occur (with offsets),
 * coverage of the block's weight, exclusions, and the fingerprint's thresholds.
 */
export function verifyBlock(block: CompiledBlock, a: LanguageAnalysis, channels: EntityChannels): VerifiedMatch | null {
  const terms: MatchedTerm[] = [];
  let score = 0;
  for (const t of block.terms) {
    let spans: Span[];
    if (t.entityChannel === 'hashtag') spans = (channels.hashtags.get(t.entityValue!) ?? []).map((w) => [w.start, w.end]);
    else if (t.entityChannel === 'domain') spans = (channels.domains.get(t.entityValue!) ?? []).map((w) => [w.start, w.end]);
    else spans = findSeq(t.seq!, a);
    if (spans.length === 0) continue;
    score += t.weight;
    terms.push({ term: t.label, kind: t.kind, weight: t.weight, analystWeight: t.analystWeight, rarity: t.rarity, offsets: dedupe(spans) });
  }
  if (terms.length === 0) return null;
  const excludedBy = block.excludes.filter((x) => findSeq(x.seq, a).length > 0).map((x) => x.label);
  const coverage = block.totalWeight > 0 ? score / block.totalWeight : 0;
  const { minScore, minCoverage, minTerms } = block.match;
  const flagged = excludedBy.length === 0 && score >= minScore && coverage >= minCoverage && terms.length >= minTerms;
  terms.sort((x, y) => y.weight - x.weight);
  return {
    narrative: block.narrative,
    version: block.version,
    score,
    coverage,
    language: block.language === '*' ? a.language : block.language,
    terms,
    flagged,
    ...(excludedBy.length ? { excludedBy } : {}),
    rank: score * Math.sqrt(coverage),
  };
}

function dedupe(spans: Span[]): Span[] {
  const seen = new Set<string>();
  return spans.filter(([s, e]) => {
    const k = `${s}:${e}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  }).sort((x, y) => x[0] - y[0]);
}
