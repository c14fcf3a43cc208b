import type { MatchedTerm, NarrativeMatch } from '../types.js';
import type { Token } from './analyzers/index.js';
import { MIN_INFLECTING_NAME, NAME_INFLECTING_LANGUAGES, NAME_STEMMING_LANGUAGES, nameWordMatches, type CompiledSeq, type SeqElement } from './compile.js';
import { RECORD_SIZE, TERM_END, TERM_START, type BlockTable, type CompiledBlock, type CompiledTerm } from './index-builder.js';
import { stemOffsets, type EntityChannels, type LanguageAnalysis } from './item-analysis.js';

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
  const byNorm = seq.byNorm;
  const inflecting = NAME_INFLECTING_LANGUAGES.has(a.language);
  // Each inflecting name word's stem in this language, found once per sequence, not per token.
  const stemming = inflecting && NAME_STEMMING_LANGUAGES.includes(a.language);
  const stems = els.map((e) => (stemming && e.inflects && e.value.length >= MIN_INFLECTING_NAME ? a.analyzer.keyOf(e.value) : null));
  const starts: number[] = [];
  if (first.prefix || (first.inflects && inflecting)) {
    for (let i = 0; i < stream.length; i++) if (elementMatches(first, stems[0]!, stream[i]!, byNorm, inflecting)) starts.push(i);
  } else {
    const map = byNorm ? a.norms() : seq.stream === 'content' ? a.contentKeys() : a.keys();
    const from = map.get(first.value);
    if (from !== undefined) {
      for (let i = from; i < stream.length; i++) {
        const t = stream[i]!;
        if ((byNorm ? t.norm : t.key) === first.value) starts.push(i);
      }
    }
  }
  if (els.length === 1) {
    const spans: Span[] = new Array(starts.length);
    for (let j = 0; j < starts.length; j++) spans[j] = [stream[starts[j]!]!.start, stream[starts[j]!]!.end];
    return spans;
  }
  const out: Span[] = [];
  outer: for (const s of starts) {
    if (s + els.length > stream.length) continue;
    for (let j = 1; j < els.length; j++) {
      const e = els[j]!;
      const t = stream[s + j]!;
      if (!elementMatches(e, stems[j]!, t, byNorm, inflecting)) continue outer;
    }
    out.push([stream[s]!.start, stream[s + els.length - 1]!.end]);
  }
  return out;
}

/** Whether token t is element e; `stem` is e's stem when it is a name word matched by stem here, else null. */
function elementMatches(e: SeqElement, stem: string | null, t: Token, byNorm: boolean, inflecting: boolean): boolean {
  if (e.prefix) return t.norm.startsWith(e.value);
  if (!byNorm) return t.key === e.value;
  if (!e.inflects) return t.norm === e.value;
  return nameWordMatches(e.value, t.norm, inflecting) || (stem !== null && t.key === stem);
}

function findGrams(grams: string[], a: LanguageAnalysis): Span[] {
  const stream = a.grams ?? [];
  const out: Span[] = [];
  const from = a.gramIndex().get(grams[0]!);
  if (from === undefined) return out;
  outer: for (let s = from; s < stream.length; s++) {
    if (stream[s]!.gram !== grams[0] || s + grams.length > stream.length) continue;
    for (let j = 1; j < grams.length; j++) if (stream[s + j]!.gram !== grams[j]) continue outer;
    out.push([stream[s]!.start, stream[s + grams.length - 1]!.end]);
  }
  return out;
}

/** A verified candidate before its explanation is written out (most candidates never are). */
export interface VerifiedBlock {
  block: CompiledBlock;
  language: string;
  matched: CompiledTerm[];
  score: number;
  coverage: number;
  flagged: boolean;
  excludedBy: string[];
  /** Order among matches: score damped by coverage, so long fingerprints do not win on size alone. */
  rank: number;
}

function occurs(t: CompiledTerm, a: LanguageAnalysis, channels: EntityChannels): boolean {
  if (t.entityChannel === 'hashtag') return channels.hashtags.has(t.entityValue!);
  if (t.entityChannel === 'domain') return channels.domains.has(t.entityValue!);
  const seq = t.seq!;
  // The common case, one stemmed word (or a name word as written), is a single map lookup.
  if (seq.elements.length === 1 && !seq.elements[0]!.prefix && !seq.grams && !(seq.elements[0]!.inflects && NAME_INFLECTING_LANGUAGES.has(a.language))) {
    return (seq.byNorm ? a.norms() : a.keys()).has(seq.elements[0]!.value);
  }
  return findSeq(seq, a).length > 0;
}

function spansOf(t: CompiledTerm, a: LanguageAnalysis, channels: EntityChannels): Span[] {
  if (t.entityChannel === 'hashtag') return (channels.hashtags.get(t.entityValue!) ?? []).map((w) => [w.start, w.end]);
  if (t.entityChannel === 'domain') return (channels.domains.get(t.entityValue!) ?? []).map((w) => [w.start, w.end]);
  return findSeq(t.seq!, a);
}

/**
 * Scores one candidate block: which weighted terms, phrases and entities occur, coverage of the
 * block's weight, exclusions, and the fingerprint's thresholds. No offsets yet: see explain().
 */
export function verifyBlock(block: CompiledBlock, a: LanguageAnalysis, channels: EntityChannels): VerifiedBlock | null {
  let matched: CompiledTerm[] | null = null;
  let score = 0;
  const plain = block.plainIds;
  const stamps = a.stamps;
  const stamp = a.stamp;
  const terms = block.terms;
  for (let i = 0; i < terms.length; i++) {
    // Most terms are one plain word: checked by one read of the item's vocabulary stamps.
    const id = plain[i]!;
    if (id >= 0 && stamps ? stamps[id] !== stamp : !occurs(terms[i]!, a, channels)) continue;
    const t = terms[i]!;
    score += t.weight;
    (matched ??= []).push(t);
  }
  if (!matched) return null;
  const excludedBy = block.excludes.length ? block.excludes.filter((x) => findSeq(x.seq, a).length > 0).map((x) => x.label) : [];
  const coverage = block.totalWeight > 0 ? score / block.totalWeight : 0;
  const { minScore, minCoverage, minTerms } = block.match;
  const flagged = excludedBy.length === 0 && score >= minScore && coverage >= minCoverage && matched.length >= minTerms;
  return { block, language: block.language === '*' ? a.language : block.language, matched, score, coverage, flagged, excludedBy, rank: score * Math.sqrt(coverage) };
}

/** The explanation stored with a flag: matched terms, phrases and entities with weights and character offsets. */
export function explain(v: VerifiedBlock, a: LanguageAnalysis, channels: EntityChannels): NarrativeMatch {
  const terms: MatchedTerm[] = v.matched.map((t) => ({
    // Token and bigram scans yield each span once, in order; only entity channels can repeat one.
    term: t.label, kind: t.kind, weight: t.weight, analystWeight: t.analystWeight, rarity: t.rarity, offsets: t.entityChannel ? dedupe(spansOf(t, a, channels)) : spansOf(t, a, channels),
  })).sort((x, y) => y.weight - x.weight);
  return {
    narrative: v.block.narrative,
    version: v.block.version,
    score: v.score,
    coverage: v.coverage,
    language: v.language,
    terms,
    flagged: v.flagged,
    ...(v.excludedBy.length ? { excludedBy: v.excludedBy } : {}),
  };
}

/**
 * explain() for a block of one-word terms scored from the block table: the same terms, weights
 * and offsets, read from the block's record (its (vocab id, weight) pairs, just read by scoring)
 * and the item's stem offsets (shared by the item's matches) instead of a rescan of the tokens.
 */
export function explainPlainBlock(table: BlockTable, o: number, score: number, coverage: number, flagged: boolean, a: LanguageAnalysis): NarrativeMatch {
  const stamps = a.stamps!;
  const stamp = a.stamp;
  const { records, terms: compiled } = table;
  const r = table.recordAt[o]!;
  const start = records[r + TERM_START]!;
  const pairs = r + RECORD_SIZE;
  const count = records[r + TERM_END]! - start;
  // Arrays are allocated at their final length (growing from [] reserves 17 slots on first push).
  let matched = 0;
  for (let k = 0; k < count; k++) if (stamps[records[pairs + 2 * k]!] === stamp) matched++;
  const terms: MatchedTerm[] = new Array<MatchedTerm>(matched);
  let n = 0;
  for (let k = 0; k < count; k++) {
    const id = records[pairs + 2 * k]!;
    if (stamps[id] !== stamp) continue;
    const t = compiled[start + k]!;
    const weight = t.weight;
    const term: MatchedTerm = { term: t.label, kind: t.kind, weight, analystWeight: t.analystWeight, rarity: t.rarity, offsets: stemOffsets(a, id) };
    // Heaviest first, equal weights in term order: the order explain()'s stable sort gives.
    let at = n++;
    for (; at > 0 && terms[at - 1]!.weight < weight; at--) terms[at] = terms[at - 1]!;
    terms[at] = term;
  }
  return { narrative: table.narrative[o]!, version: table.version[o]!, score, coverage, language: table.language[o]!, terms, flagged };
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
