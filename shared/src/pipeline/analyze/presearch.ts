import type { FingerprintEntry, LanguageIndex, MatcherIndex } from './index-builder.js';
import { ENTITY_PREFIX_KEY, entityStemKey, GRAM_KEY, MAX_RUNNERS_UP } from './index-builder.js';
import { MAX_NAME_ENDING, MIN_INFLECTING_NAME, NAME_INFLECTING_LANGUAGES, NAME_STEMMING_LANGUAGES } from './compile.js';
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
export function presearch(index: MatcherIndex, li: LanguageIndex | undefined, analysis: LanguageAnalysis, channels: EntityChannels, runnersUp = MAX_RUNNERS_UP): number {
  // Hit counts live in one preallocated byte array, at twice the block ordinal (small enough to stay
  // in L1 at 10,000 blocks); `touched` lists the blocks hit, in first-hit order, and resets the counts after.
  const counts = index.hitCounts;
  const touched = index.touched;
  let nTouched = 0;
  if (li) {
    const keyed = analysis.keyed!;
    nTouched = countAnchorHits(keyed.ids, keyed.count, li.anchorStart, li.anchorBlocks, counts, touched);
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
    for (const e of entityEntries(index, analysis, channels)) {
      const block = e.blocks.get(analysis.language) ?? e.entityBlock;
      if (block) nTouched = countHit(block.ordinal, counts, touched, nTouched);
    }
  }
  return selectCandidates(index, nTouched, runnersUp);
}

/**
 * Fingerprints with an entity anchor in the item: names as written, with a case ending removed
 * (Сороса) or by stem (Навального) where the language inflects them, name prefixes, hashtags and
 * domains. A fingerprint may come more than once (an over-count, never an under-count).
 */
function entityEntries(index: MatcherIndex, analysis: LanguageAnalysis, channels: EntityChannels): FingerprintEntry[] {
  const postings = index.entityPostings;
  const entries: FingerprintEntry[] = [];
  const inflecting = NAME_INFLECTING_LANGUAGES.has(analysis.language);
  for (const norm of analysis.norms().keys()) {
    pushAll(entries, postings.get(`n:${norm}`));
    if (inflecting) {
      for (let k = 1; k <= MAX_NAME_ENDING && norm.length - k >= MIN_INFLECTING_NAME; k++) pushAll(entries, postings.get(`n:${norm.slice(0, -k)}`));
    }
    for (const len of index.entityPrefixLengths) {
      if (len > norm.length) break;
      pushAll(entries, postings.get(`${ENTITY_PREFIX_KEY}${norm.slice(0, len)}`));
    }
  }
  if (NAME_STEMMING_LANGUAGES.includes(analysis.language)) {
    for (const key of analysis.keys().keys()) pushAll(entries, postings.get(entityStemKey(analysis.language, key)));
  }
  for (const h of channels.hashtags.keys()) pushAll(entries, postings.get(`h:${h}`));
  for (const d of channels.domains.keys()) pushAll(entries, postings.get(`d:${d}`));
  return entries;
}

/**
 * The hot loop: every posting of the item's distinct stems (flat in anchorBlocks) counts one hit
 * on its block. Kept apart from the rarer paths so it optimises on its own. Returns nTouched.
 */
function countAnchorHits(ids: Int32Array, count: number, start: Int32Array, postings: Int32Array, counts: Uint8Array, touched: Int32Array): number {
  let nTouched = 0;
  for (let k = 0; k < count; k++) {
    const id = ids[k]!;
    for (let p = start[id]!, end = start[id + 1]!; p < end; p++) {
      const o = postings[p]!;
      const c = counts[2 * o]!;
      // Branch-free: a block's first hit is unpredictable. The write past the touched blocks is
      // overwritten by the next first hit (or lands beyond the array, where a typed array ignores it).
      touched[nTouched] = o;
      nTouched += Number(c === 0);
      counts[2 * o] = c + Number(c !== 255);
    }
  }
  return nTouched;
}

function countHits(list: Int32Array | undefined, counts: Uint8Array, touched: Int32Array, nTouched: number): number {
  if (!list) return nTouched;
  for (let i = 0; i < list.length; i++) nTouched = countHit(list[i]!, counts, touched, nTouched);
  return nTouched;
}

/** One anchor hit on block o (counts saturate at 255, which only lets more blocks through). */
function countHit(o: number, counts: Uint8Array, touched: Int32Array, nTouched: number): number {
  const c = counts[2 * o]!;
  if (c !== 255) counts[2 * o] = c + 1;
  if (c === 0) touched[nTouched++] = o;
  return nTouched;
}

/**
 * Blocks that can flag are all verified; of the rest, the few with most anchor hits are verified
 * too, as runners-up for the analyst (near misses), at a bounded cost. Resets the hit counts.
 */
function selectCandidates(index: MatcherIndex, nTouched: number, runnersUp: number): number {
  const { hitCounts: counts, touched, candidates: out } = index;
  let nOut = 0;
  // The nearest misses, most hits first (earlier-touched first among equals), in index.nearMisses:
  // [2i] the block, [2i + 1] its hits. Only a block with more hits than the last kept one gets in.
  const near = index.nearMisses.length >= 2 * runnersUp ? index.nearMisses : new Int32Array(2 * runnersUp);
  let nNear = 0;
  let floor = 0;
  for (let k = 0; k < nTouched; k++) {
    const o = touched[k]!;
    const n = counts[2 * o]!;
    counts[2 * o] = 0;
    // Branch-free for the candidates (a few in hundreds); the near-miss branch is rarely taken
    // once it holds runnersUp blocks, so it predicts well.
    const isCandidate = n >= counts[2 * o + 1]!;
    out[nOut] = o;
    nOut += Number(isCandidate);
    if (!isCandidate && runnersUp > 0 && (n > floor || nNear < runnersUp)) {
      // Insert after every entry with at least as many hits, dropping the last when full.
      let i = nNear < runnersUp ? nNear++ : nNear - 1;
      for (; i > 0 && near[2 * i - 1]! < n; i--) {
        near[2 * i] = near[2 * i - 2]!;
        near[2 * i + 1] = near[2 * i - 1]!;
      }
      near[2 * i] = o;
      near[2 * i + 1] = n;
      floor = nNear < runnersUp ? 0 : near[2 * nNear - 1]!;
    }
  }
  for (let i = 0; i < nNear; i++) out[nOut++] = near[2 * i]!;
  return nOut;
}

function pushAll<T>(out: T[], list: T[] | undefined): void {
  if (list) for (const v of list) out.push(v);
}
