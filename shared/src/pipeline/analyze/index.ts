import type { AnalyzableItem, NarrativeMatch } from '../types.js';
import { presearch } from './presearch.js';
import { findEntityChannels, indexItemKeys, LanguageAnalysis, type EntityChannels } from './item-analysis.js';
import { explain, explainPlainBlock, verifyBlock, type VerifiedBlock } from './verify.js';
import { MAX_RUNNERS_UP, MIN_COVERAGE, MIN_SCORE, MIN_TERMS, NARRATIVE_NO, PLAIN_ONLY, RECORD_SIZE, TERM_END, TERM_START, TOTAL_WEIGHT, type CompiledBlock, type LanguageIndex, type MatcherIndex } from './index-builder.js';

export { buildMatcherIndex, type BuildMatcherOptions, type CompiledBlock, type CompiledTerm, type MatcherIndex } from './index-builder.js';
export { AnalyzerSet, ANALYZED_LANGUAGES, createAnalyzer, stemLatvian, type Analyzer, type Token } from './analyzers/index.js';
export { normalizeWord } from './normalize.js';
export { tokenizeWords } from './tokenize.js';
export { stopwordsFor } from './stopwords/index.js';

const NO_ENTITY_CHANNELS: EntityChannels = { hashtags: new Map(), domains: new Map() };
/** The terms of a runner-up returned unexplained: one shared, frozen empty list. */
const NO_TERMS: NarrativeMatch['terms'] = Object.freeze([]) as unknown as NarrativeMatch['terms'];

export { MAX_RUNNERS_UP };

/** The text the analysis (and every offset) refers to: title + "\n" + text, or text alone. */
export function analyzedText(item: AnalyzableItem): string {
  return item.title ? `${item.title}\n${item.text}` : item.text;
}

/** The languages whose blocks an item is scored against: its language plus close calls; every indexed language when unknown. */
function itemLanguages(index: MatcherIndex, item: AnalyzableItem): string[] {
  const langs = new Set<string>();
  if (item.language && item.language !== 'und') langs.add(item.language);
  for (const l of item.languageCandidates ?? []) if (l && l !== 'und') langs.add(l);
  if (langs.size === 0) for (const l of index.languages.keys()) langs.add(l);
  return [...langs];
}

/** The item's text analysed for each language it is scored in (skipping languages nothing could match). */
function analysesOf(index: MatcherIndex, item: AnalyzableItem, text: string): LanguageAnalysis[] {
  const out: LanguageAnalysis[] = [];
  for (const language of itemLanguages(index, item)) {
    const li = index.languages.get(language);
    if (!li && index.entityPostings.size === 0) continue;
    const analysis = new LanguageAnalysis(language, li?.analyzer ?? index.analyzers.get(language), text);
    if (li) indexItemKeys(analysis, li);
    out.push(analysis);
  }
  return out;
}

function entityChannelsOf(index: MatcherIndex, text: string): EntityChannels {
  // Hashtags and domains are looked for only when some fingerprint names one.
  return index.entityPostings.size ? findEntityChannels(text) : NO_ENTITY_CHANNELS;
}

export interface MatchItemOptions {
  /**
   * Explain runners-up too (their matched terms and offsets), for an analyst who sees them (the
   * `narmon match` CLI). Default false: the ingest path persists runners-up without terms, so they
   * come back with `terms: []` and everything else (score, coverage, language, exclusions, order)
   * unchanged. Flagged matches always carry their full explanation.
   */
  explainRunnersUp?: boolean;
}

/**
 * Scores one item against the library: presearch (anchor terms) for candidates, then
 * verification of each. Flags (over threshold) come first, best first; then up to
 * MAX_RUNNERS_UP runners-up. One match per narrative: the best of its language blocks.
 * Runners-up are explained only with `{ explainRunnersUp: true }` (see MatchItemOptions).
 *
 * Candidates are scored into index.best (typed arrays, no objects); only the matches returned
 * are verified into objects and explained.
 */
export function matchItem(index: MatcherIndex, item: AnalyzableItem, options: MatchItemOptions = {}): NarrativeMatch[] {
  const text = analyzedText(item);
  const channels = entityChannelsOf(index, text);
  const best = index.best;
  best.clear();
  const analyses = analysesOf(index, item, text);
  for (let analysisNo = 0; analysisNo < analyses.length; analysisNo++) {
    const analysis = analyses[analysisNo]!;
    const n = presearch(index, index.languages.get(analysis.language), analysis, channels);
    for (let k = 0; k < n; k++) scoreCandidate(index, index.candidates[k]!, analysis, analysisNo, channels);
  }
  if (best.count === 0) return [];
  const { flagged, runnersUp } = rankBest(index);
  const out: NarrativeMatch[] = [];
  for (const slot of flagged) out.push(explainSlot(index, slot, analyses, channels));
  const explainRunnersUp = options.explainRunnersUp === true;
  for (const slot of runnersUp) out.push(explainRunnersUp ? explainSlot(index, slot, analyses, channels) : unexplainedSlot(index, slot));
  return out;
}

/** The match in a slot of index.best with its explanation (terms and offsets). */
function explainSlot(index: MatcherIndex, slot: number, analyses: LanguageAnalysis[], channels: EntityChannels): NarrativeMatch {
  const best = index.best;
  const a = analyses[best.analysisNo[slot]!]!;
  const v = best.verified[slot];
  return v ? explain(v, a, channels) : explainPlainBlock(index.table, best.ordinal[slot]!, best.score[slot]!, best.coverage[slot]!, best.flagged[slot] === 1, a);
}

/** The match in a slot of index.best as explain()/explainPlainBlock would give it, without terms. */
function unexplainedSlot(index: MatcherIndex, slot: number): NarrativeMatch {
  const best = index.best;
  const v = best.verified[slot];
  if (v) {
    return {
      narrative: v.block.narrative, version: v.block.version, score: v.score, coverage: v.coverage, language: v.language, terms: NO_TERMS, flagged: v.flagged,
      ...(v.excludedBy.length ? { excludedBy: v.excludedBy } : {}),
    };
  }
  const o = best.ordinal[slot]!;
  const { table } = index;
  return { narrative: table.narrative[o]!, version: table.version[o]!, score: best.score[slot]!, coverage: best.coverage[slot]!, language: table.language[o]!, terms: NO_TERMS, flagged: best.flagged[slot] === 1 };
}

/**
 * Verifies one candidate block into index.best. Blocks of one-word terms without exclusions (most
 * of a library) are scored from the flat block table: the same sums in the same term order as
 * verifyBlock, so scores and thresholds come out identical; the rest go through verifyBlock.
 */
function scoreCandidate(index: MatcherIndex, o: number, a: LanguageAnalysis, analysisNo: number, channels: EntityChannels): void {
  const { records, recordAt } = index.table;
  const r = recordAt[o]!;
  const narrativeNo = records[r + NARRATIVE_NO]!;
  if (records[r + PLAIN_ONLY] === 1) {
    const stamps = a.stamps!;
    const stamp = a.stamp;
    let score = 0;
    let matched = 0;
    // The block's (vocab id, weight) pairs follow its record.
    // Branch-free: whether a term occurs is a coin toss to the branch predictor, and adding
    // weight x 0 leaves the sum unchanged (the same sums, in the same order, as verifyBlock).
    for (let i = r + RECORD_SIZE, end = i + 2 * (records[r + TERM_END]! - records[r + TERM_START]!); i < end; i += 2) {
      const hit = Number(stamps[records[i]!] === stamp);
      score += records[i + 1]! * hit;
      matched += hit;
    }
    if (matched === 0) return;
    const total = records[r + TOTAL_WEIGHT]!;
    const coverage = total > 0 ? score / total : 0;
    const flagged = score >= records[r + MIN_SCORE]! && coverage >= records[r + MIN_COVERAGE]! && matched >= records[r + MIN_TERMS]!;
    index.best.offer(narrativeNo, o, score, coverage, score * Math.sqrt(coverage), flagged, analysisNo, null);
    return;
  }
  const v = verifyBlock(index.blocks[o]!, a, channels);
  if (v) index.best.offer(narrativeNo, o, v.score, v.coverage, v.rank, v.flagged, analysisNo, v);
}

/** Slots of the flagged matches, best first, and of the best MAX_RUNNERS_UP others. */
function rankBest(index: MatcherIndex): { flagged: number[]; runnersUp: number[] } {
  const { count, rank, narrativeOf, flagged: isFlagged } = index.best;
  const flagged: number[] = [];
  const runnersUp: number[] = [];
  // Both lists are kept sorted by insertion (no splice or sort: they allocate per call); the
  // comparison reads typed arrays only (a closure over index.best cost ~30 ns a slot).
  for (let s = 0; s < count; s++) {
    const list = isFlagged[s] === 1 ? flagged : runnersUp;
    if (list === runnersUp && runnersUp.length >= MAX_RUNNERS_UP && !ranksBefore(rank, narrativeOf, s, runnersUp[MAX_RUNNERS_UP - 1]!)) continue;
    let i = list.length;
    list.push(s);
    for (; i > 0 && ranksBefore(rank, narrativeOf, s, list[i - 1]!); i--) list[i] = list[i - 1]!;
    list[i] = s;
    if (list.length > MAX_RUNNERS_UP && list === runnersUp) list.pop();
  }
  return { flagged, runnersUp };
}

/**
 * Whether slot x ranks before slot y: higher rank first; the narrative id breaks ties, as in
 * matchItemByScan (narrative numbers sort as the ids do). A strict total order over slots (one
 * slot per narrative), so insertion gives the same order as any sort.
 */
function ranksBefore(rank: Float64Array, narrativeOf: Int32Array, x: number, y: number): boolean {
  const rx = rank[x]!;
  const ry = rank[y]!;
  return rx !== ry ? rx > ry : narrativeOf[x]! < narrativeOf[y]!;
}

/**
 * The same scoring without the presearcher or the block table: every block of the item's
 * languages goes through verifyBlock. Linear in the library; the reference that tests and the
 * bench compare matchItem against.
 */
export function matchItemByScan(index: MatcherIndex, item: AnalyzableItem): NarrativeMatch[] {
  const text = analyzedText(item);
  const channels = entityChannelsOf(index, text);
  const best = new Map<string, { v: VerifiedBlock; analysis: LanguageAnalysis }>();
  for (const analysis of analysesOf(index, item, text)) {
    const blocks = new Set<CompiledBlock>();
    for (const e of index.entries) {
      const b = e.blocks.get(analysis.language) ?? e.entityBlock;
      if (b) blocks.add(b);
    }
    for (const block of blocks) {
      const v = verifyBlock(block, analysis, channels);
      if (!v) continue;
      const prev = best.get(block.narrative);
      if (!prev || better(v, prev.v)) best.set(block.narrative, { v, analysis });
    }
  }
  if (best.size === 0) return [];
  const all = [...best.values()].sort((a, b) => (better(a.v, b.v) ? -1 : better(b.v, a.v) ? 1 : 0));
  const flagged = all.filter((m) => m.v.flagged);
  const runnersUp = all.filter((m) => !m.v.flagged).slice(0, MAX_RUNNERS_UP);
  return [...flagged, ...runnersUp].map((m) => explain(m.v, m.analysis, channels));
}

function better(a: VerifiedBlock, b: VerifiedBlock): boolean {
  if (a.flagged !== b.flagged) return a.flagged;
  if (a.rank !== b.rank) return a.rank > b.rank;
  return a.block.narrative < b.block.narrative;
}
