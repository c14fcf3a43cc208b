import type { AnalyzableItem, NarrativeMatch } from '../types.js';
import { presearch } from './presearch.js';
import { findEntityChannels, LanguageAnalysis, stampVocabulary, type EntityChannels } from './item-analysis.js';
import { explain, verifyBlock, type VerifiedBlock } from './verify.js';
import type { CompiledBlock, LanguageIndex, MatcherIndex } from './index-builder.js';

export { buildMatcherIndex, type BuildMatcherOptions, type CompiledBlock, type CompiledTerm, type MatcherIndex } from './index-builder.js';
export { AnalyzerSet, ANALYZED_LANGUAGES, createAnalyzer, stemLatvian, type Analyzer, type Token } from './analyzers/index.js';
export { normalizeWord } from './normalize.js';
export { tokenizeWords } from './tokenize.js';
export { stopwordsFor } from './stopwords/index.js';

const NO_ENTITY_CHANNELS: EntityChannels = { hashtags: new Map(), domains: new Map() };

/** How many non-flagged matches (runners-up) are kept per item for the analyst. */
export const MAX_RUNNERS_UP = 5;

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

type CandidateFinder = (index: MatcherIndex, li: LanguageIndex | undefined, analysis: LanguageAnalysis, channels: ReturnType<typeof findEntityChannels>) => Iterable<CompiledBlock>;

function matchWith(index: MatcherIndex, item: AnalyzableItem, candidates: CandidateFinder): NarrativeMatch[] {
  const text = analyzedText(item);
  // Hashtags and domains are looked for only when some fingerprint names one.
  const channels = index.entityPostings.size ? findEntityChannels(text) : NO_ENTITY_CHANNELS;
  const best = new Map<string, { v: VerifiedBlock; analysis: LanguageAnalysis }>();
  for (const language of itemLanguages(index, item)) {
    const li = index.languages.get(language);
    if (!li && index.entityPostings.size === 0) continue;
    const analysis = new LanguageAnalysis(language, li?.analyzer ?? index.analyzers.get(language), text);
    if (li) stampVocabulary(analysis, li.vocab, li.stamps, li.epoch);
    for (const block of candidates(index, li, analysis, channels)) {
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
  // Offsets are worked out only for what is returned.
  return [...flagged, ...runnersUp].map((m) => explain(m.v, m.analysis, channels));
}

function better(a: VerifiedBlock, b: VerifiedBlock): boolean {
  if (a.flagged !== b.flagged) return a.flagged;
  if (a.rank !== b.rank) return a.rank > b.rank;
  return a.block.narrative < b.block.narrative;
}
