import type { AnalyzableItem, NarrativeMatch } from '../types.js';
import { presearch } from './presearch.js';
import { findEntityChannels, LanguageAnalysis } from './item-analysis.js';
import { verifyBlock, type VerifiedMatch } from './verify.js';
import type { CompiledBlock, MatcherIndex } from './index-builder.js';

export { buildMatcherIndex, type BuildMatcherOptions, type CompiledBlock, type CompiledTerm, type MatcherIndex } from './index-builder.js';
export { AnalyzerSet, ANALYZED_LANGUAGES, createAnalyzer, stemLatvian, type Analyzer, type Token } from './analyzers/index.js';
export { normalizeWord } from './normalize.js';
export { tokenizeWords } from './tokenize.js';
export { stopwordsFor } from './stopwords/index.js';

/** How many non-flagged matches (runners-up) are kept per item for the analyst. */
export const MAX_RUNNERS_UP = 10;

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

/**
 * Scores one item against the library: presearch (anchor terms) for candidates, then
 * verification of each. Flags (over threshold) come first, best first; then up to
 * MAX_RUNNERS_UP runners-up. One match per narrative: the best of its language blocks.
 */
export function matchItem(index: MatcherIndex, item: AnalyzableItem): NarrativeMatch[] {
  return matchWith(index, item, presearch);
}

/**
 * The same scoring without the presearcher: every block of the item's languages is verified.
 * Linear in the library; kept to check that presearch loses no flag (tests, bench).
 */
export function matchItemByScan(index: MatcherIndex, item: AnalyzableItem): NarrativeMatch[] {
  return matchWith(index, item, (idx, _li, analysis) => {
    const all = new Set<CompiledBlock>();
    for (const e of idx.entries) {
      const b = e.blocks.get(analysis.language) ?? e.entityBlock;
      if (b) all.add(b);
    }
    return all;
  });
}

type CandidateFinder = typeof presearch;

function matchWith(index: MatcherIndex, item: AnalyzableItem, candidates: CandidateFinder): NarrativeMatch[] {
  const text = analyzedText(item);
  const channels = findEntityChannels(text);
  const best = new Map<string, VerifiedMatch>();
  for (const language of itemLanguages(index, item)) {
    const li = index.languages.get(language);
    if (!li && index.entityPostings.size === 0) continue;
    const analysis = new LanguageAnalysis(language, li?.analyzer ?? index.analyzers.get(language), text);
    for (const block of candidates(index, li, analysis, channels)) {
      const m = verifyBlock(block, analysis, channels);
      if (!m) continue;
      const prev = best.get(m.narrative);
      if (!prev || better(m, prev)) best.set(m.narrative, m);
    }
  }
  const all = [...best.values()].sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  const flagged = all.filter((m) => m.flagged);
  const runnersUp = all.filter((m) => !m.flagged).slice(0, MAX_RUNNERS_UP);
  return [...flagged, ...runnersUp].map(({ rank: _rank, ...m }) => m);
}

function better(a: VerifiedMatch, b: VerifiedMatch): boolean {
  if (a.flagged !== b.flagged) return a.flagged;
  if (a.rank !== b.rank) return a.rank > b.rank;
  return a.narrative < b.narrative;
}
