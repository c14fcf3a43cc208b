import type { CompiledBlock, FingerprintEntry, LanguageIndex, MatcherIndex } from './index-builder.js';
import { GRAM_KEY } from './index-builder.js';
import type { EntityChannels, LanguageAnalysis } from './item-analysis.js';

/**
 * Candidate blocks for one item in one language: the blocks indexed under the item's stems,
 * prefixes, bigrams or entities, with at least as many anchor hits as any flag of theirs needs.
 * Cost follows the item's distinct words and the posting lists of its rare words, not the size
 * of the library. Hits may be over-counted (never under-counted), so no flag is lost.
 */
export function presearch(index: MatcherIndex, li: LanguageIndex | undefined, analysis: LanguageAnalysis, channels: EntityChannels): Iterable<CompiledBlock> {
  const hits = new Map<CompiledBlock, number>();
  const add = (list: CompiledBlock[] | undefined) => {
    if (list) for (const b of list) hits.set(b, (hits.get(b) ?? 0) + 1);
  };
  if (li) {
    for (const key of analysis.keys().keys()) add(li.keyPostings.get(key));
    if (li.prefixLengths.length) {
      for (const norm of analysis.norms().keys()) {
        for (const len of li.prefixLengths) {
          if (len > norm.length) break;
          add(li.prefixPostings.get(norm.slice(0, len)));
        }
      }
    }
    if (analysis.grams) for (const g of analysis.gramIndex().keys()) if (g) add(li.keyPostings.get(GRAM_KEY + g));
  }
  if (index.entityPostings.size) {
    const entries: FingerprintEntry[] = [];
    for (const norm of analysis.norms().keys()) pushAll(entries, index.entityPostings.get(`n:${norm}`));
    for (const h of channels.hashtags.keys()) pushAll(entries, index.entityPostings.get(`h:${h}`));
    for (const d of channels.domains.keys()) pushAll(entries, index.entityPostings.get(`d:${d}`));
    for (const e of entries) {
      const block = e.blocks.get(analysis.language) ?? e.entityBlock;
      if (block) hits.set(block, (hits.get(block) ?? 0) + 1);
    }
  }
  const out: CompiledBlock[] = [];
  for (const [block, n] of hits) if (n >= block.minAnchorHits) out.push(block);
  return out;
}

function pushAll<T>(out: T[], list: T[] | undefined): void {
  if (list) for (const v of list) out.push(v);
}
