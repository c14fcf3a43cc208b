import type { FingerprintEntry, LanguageIndex, MatcherIndex } from './index-builder.js';
import { GRAM_KEY } from './index-builder.js';
import type { EntityChannels, LanguageAnalysis } from './item-analysis.js';

/**
 * Candidate blocks for one item in one language: the blocks indexed under the item's stems,
 * prefixes, bigrams or entities, with at least as many anchor hits as any flag of theirs needs.
 * Cost follows the item's distinct words and the posting lists of its rare words, not the size
 * of the library. Hits may be over-counted (never under-counted), so no flag is lost.
 *
 * Returns how many block ordinals it wrote to index.candidates (scratch, valid until the next call).
 * The analysis must have been through indexItemKeys when the language is indexed.
 */
export function presearch(index: MatcherIndex, li: LanguageIndex | undefined, analysis: LanguageAnalysis, channels: EntityChannels, runnersUp = 5): number {
  // Hit counts live in one preallocated array, at twice the block ordinal; `touched` lists the
  // blocks hit, in first-hit order, and resets the counts after.
  const counts = index.hitCounts;
  const touched = index.touched;
  let nTouched = 0;
  if (li) {
    // Hot loop: the postings of the item's distinct stems, flat in anchorBlocks.
    const keyed = analysis.keyed!;
    const ids = keyed.ids;
    const start = li.anchorStart;
    const postings = li.anchorBlocks;
    for (let k = 0; k < keyed.count; k++) {
      const id = ids[k]!;
      for (let p = start[id]!, end = start[id + 1]!; p < end; p++) {
        const o = postings[p]!;
        if ((counts[2 * o] = counts[2 * o]! + 1) === 1) touched[nTouched++] = o;
      }
    }
    if (li.prefixLengths.length) {
      for (const norm of analysis.norms().keys()) {
        for (const len of li.prefixLengths) {
          if (len > norm.length) break;
          nTouched = countHits(li.prefixPostings.get(norm.slice(0, len)), counts, touched, nTouched);
        }
      }
    }
    if (analysis.grams) for (const g of analysis.gramIndex().keys()) if (g) nTouched = countHits(li.keyPostings.get(GRAM_KEY + g), counts, touched, nTouched);
  }
  if (index.entityPostings.size) {
    const entries: FingerprintEntry[] = [];
    for (const norm of analysis.norms().keys()) pushAll(entries, index.entityPostings.get(`n:${norm}`));
    for (const h of channels.hashtags.keys()) pushAll(entries, index.entityPostings.get(`h:${h}`));
    for (const d of channels.domains.keys()) pushAll(entries, index.entityPostings.get(`d:${d}`));
    for (const e of entries) {
      const block = e.blocks.get(analysis.language) ?? e.entityBlock;
      if (block && (counts[2 * block.ordinal] = counts[2 * block.ordinal]! + 1) === 1) touched[nTouched++] = block.ordinal;
    }
  }
  return selectCandidates(index, nTouched, runnersUp);
}

function countHits(list: Int32Array | undefined, counts: Int32Array, touched: Int32Array, nTouched: number): number {
  if (!list) return nTouched;
  for (let i = 0; i < list.length; i++) {
    const o = list[i]!;
    if ((counts[2 * o] = counts[2 * o]! + 1) === 1) touched[nTouched++] = o;
  }
  return nTouched;
}

/**
 * Blocks that can flag are all verified; of the rest, the few with most anchor hits are verified
 * too, as runners-up for the analyst (near misses), at a bounded cost. Resets the hit counts.
 */
function selectCandidates(index: MatcherIndex, nTouched: number, runnersUp: number): number {
  const { hitCounts: counts, touched, candidates: out } = index;
  let nOut = 0;
  // The nearest misses, most hits first (earlier-touched first among equals).
  const nearO: number[] = [];
  const nearN: number[] = [];
  for (let k = 0; k < nTouched; k++) {
    const o = touched[k]!;
    const n = counts[2 * o]!;
    counts[2 * o] = 0;
    if (n >= counts[2 * o + 1]!) {
      out[nOut++] = o;
    } else if (runnersUp > 0 && (nearO.length < runnersUp || n > nearN[nearN.length - 1]!)) {
      // Insert after every entry with at least as many hits (shifting in place: splice allocates).
      let i = nearO.length;
      nearO.push(o);
      nearN.push(n);
      for (; i > 0 && nearN[i - 1]! < n; i--) {
        nearO[i] = nearO[i - 1]!;
        nearN[i] = nearN[i - 1]!;
      }
      nearO[i] = o;
      nearN[i] = n;
      if (nearO.length > runnersUp) {
        nearO.pop();
        nearN.pop();
      }
    }
  }
  for (const o of nearO) out[nOut++] = o;
  return nOut;
}

function pushAll<T>(out: T[], list: T[] | undefined): void {
  if (list) for (const v of list) out.push(v);
}
