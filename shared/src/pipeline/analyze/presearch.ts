import type { CompiledBlock, FingerprintEntry, LanguageIndex, MatcherIndex } from './index-builder.js';
import { GRAM_KEY } from './index-builder.js';
import type { EntityChannels, LanguageAnalysis } from './item-analysis.js';

/**
 * Candidate blocks for one item in one language: the blocks indexed under any of the item's
 * stems, prefixes, bigrams or entities. Cost follows the item's distinct words and the posting
 * lists of its rare words, not the size of the library.
 */
export function presearch(index: MatcherIndex, li: LanguageIndex | undefined, analysis: LanguageAnalysis, channels: EntityChannels): Set<CompiledBlock> {
  const out = new Set<CompiledBlock>();
  if (li) {
    for (const key of analysis.keys().keys()) addAll(out, li.keyPostings.get(key));
    if (li.prefixLengths.length) {
      for (const norm of analysis.norms().keys()) {
        for (const len of li.prefixLengths) {
          if (len > norm.length) break;
          addAll(out, li.prefixPostings.get(norm.slice(0, len)));
        }
      }
    }
    if (analysis.grams) for (const g of analysis.gramIndex().keys()) if (g) addAll(out, li.keyPostings.get(GRAM_KEY + g));
  }
  if (index.entityPostings.size) {
    const entries = new Set<FingerprintEntry>();
    for (const norm of analysis.norms().keys()) addAll(entries, index.entityPostings.get(`n:${norm}`));
    for (const h of channels.hashtags.keys()) addAll(entries, index.entityPostings.get(`h:${h}`));
    for (const d of channels.domains.keys()) addAll(entries, index.entityPostings.get(`d:${d}`));
    for (const e of entries) {
      const block = e.blocks.get(analysis.language) ?? e.entityBlock;
      if (block) out.add(block);
    }
  }
  return out;
}

function addAll<T>(set: Set<T>, list: T[] | undefined): void {
  if (list) for (const v of list) set.add(v);
}
