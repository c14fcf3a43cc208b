import type { CompiledBlock, FingerprintEntry, LanguageIndex, MatcherIndex } from './index-builder.js';
import { GRAM_KEY } from './index-builder.js';
import type { EntityChannels, LanguageAnalysis } from './item-analysis.js';

/**
 * Candidate blocks for one item in one language: the blocks indexed under the item's stems,
 * prefixes, bigrams or entities, with at least as many anchor hits as any flag of theirs needs.
 * Cost follows the item's distinct words and the posting lists of its rare words, not the size
 * of the library. Hits may be over-counted (never under-counted), so no flag is lost.
 */
export function presearch(index: MatcherIndex, li: LanguageIndex | undefined, analysis: LanguageAnalysis, channels: EntityChannels, runnersUp = 5): Iterable<CompiledBlock> {
  // Hit counts live in one preallocated array indexed by block ordinal; `touched` resets it after.
  const counts = index.hitCounts;
  const touched: number[] = [];
  const add = (list: Int32Array | undefined) => {
    if (!list) return;
    for (let i = 0; i < list.length; i++) {
      const o = list[i]!;
      if ((counts[o] = counts[o]! + 1) === 1) touched.push(o);
    }
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
      if (block && (counts[block.ordinal] = counts[block.ordinal]! + 1) === 1) touched.push(block.ordinal);
    }
  }
  // Blocks that can flag are all verified; of the rest, the few with most anchor hits are
  // verified too, as runners-up for the analyst (near misses), at a bounded cost.
  const out: CompiledBlock[] = [];
  const blocks = index.blocks;
  const minHits = index.minHits;
  const near: Array<{ o: number; n: number }> = [];
  for (const o of touched) {
    const n = counts[o]!;
    counts[o] = 0;
    if (n >= minHits[o]!) {
      out.push(blocks[o]!);
    } else if (runnersUp > 0 && (near.length < runnersUp || n > near[near.length - 1]!.n)) {
      let i = near.length;
      while (i > 0 && near[i - 1]!.n < n) i--;
      near.splice(i, 0, { o, n });
      if (near.length > runnersUp) near.pop();
    }
  }
  for (const x of near) out.push(blocks[x.o]!);
  return out;
}

function pushAll<T>(out: T[], list: T[] | undefined): void {
  if (list) for (const v of list) out.push(v);
}
