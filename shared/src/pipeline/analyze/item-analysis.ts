import type { Analyzer, Gram, Token } from './analyzers/index.js';
import { findDomains, findHashtags, type RawWord } from './tokenize.js';

/** An item's text analysed for one language, with position maps built on demand. */
export class LanguageAnalysis {
  readonly tokens: Token[];
  readonly grams: Gram[] | null;
  private keyPositions: Map<string, number> | null = null;
  private normPositions: Map<string, number> | null = null;
  private contentTokens: Token[] | null = null;
  private contentKeyPositions: Map<string, number> | null = null;
  private gramPositions: Map<string, number> | null = null;

  /** The language vocabulary's stamp array and this item's stamp (see indexItemKeys). */
  stamps: Int32Array | null = null;
  stamp = 0;
  /** Set by indexItemKeys: the item's vocab ids and where their stems occur. */
  keyed: KeyedTokens | null = null;
  /** Offsets of each stem explained so far, by the stem's first token position (see stemOffsets). */
  offsetsByFirst: Array<Array<[number, number]> | undefined> | null = null;

  constructor(readonly language: string, readonly analyzer: Analyzer, text: string) {
    this.tokens = analyzer.tokens(text);
    this.grams = analyzer.grams ? analyzer.grams(text) : null;
  }

  /** First token position of each index key over all tokens (later ones are found by scanning on). */
  keys(): Map<string, number> {
    return (this.keyPositions ??= positionsBy(this.tokens, (t) => t.key));
  }

  norms(): Map<string, number> {
    return (this.normPositions ??= positionsBy(this.tokens, (t) => t.norm));
  }

  content(): Token[] {
    return (this.contentTokens ??= this.tokens.filter((t) => !t.stop));
  }

  contentKeys(): Map<string, number> {
    return (this.contentKeyPositions ??= positionsBy(this.content(), (t) => t.key));
  }

  gramIndex(): Map<string, number> {
    return (this.gramPositions ??= positionsBy(this.grams ?? [], (g) => g.gram));
  }
}

/** First position of each value: one small map per item, no per-word arrays on the hot path. */
function positionsBy<T>(items: T[], keyOf: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    const k = keyOf(items[i]!);
    if (!m.has(k)) m.set(k, i);
  }
  return m;
}

/** Hashtags and domains of an item: language-neutral, found once per item. */
export interface EntityChannels {
  hashtags: Map<string, RawWord[]>;
  /** Every domain and its parent domains (de.rt.com also counts as rt.com). */
  domains: Map<string, RawWord[]>;
}

export function findEntityChannels(text: string): EntityChannels {
  const hashtags = new Map<string, RawWord[]>();
  for (const h of findHashtags(text)) push(hashtags, h.raw, h);
  const domains = new Map<string, RawWord[]>();
  for (const d of findDomains(text)) {
    const labels = d.raw.replace(/^www\./, '').split('.');
    for (let i = 0; i + 1 < labels.length; i++) push(domains, labels.slice(i).join('.'), d);
  }
  return { hashtags, domains };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/**
 * An item's tokens as vocab ids: each id once, and every position of each id's stem as a chain.
 * The arrays belong to the language index and hold the last item indexed in that language.
 */
export interface KeyedTokens {
  vocab: Map<string, number>;
  /** Distinct vocab ids in order of first occurrence: ids[0 .. count). */
  ids: Int32Array;
  count: number;
  /** First token position by vocab id (valid for ids stamped with this item's stamp). */
  firstPos: Int32Array;
  /** Next token position with the same stem, -1 after the last. */
  nextPos: Int32Array;
}

/**
 * One pass over the item's tokens: stamps the vocab ids present (verification checks a term with
 * one array read), lists each id once (the presearcher walks their postings) and chains the
 * positions of each stem (explanations find offsets without rescanning the text).
 */
export function indexItemKeys(analysis: LanguageAnalysis, li: ItemKeyScratch): void {
  const stamps = li.stamps;
  const stamp = nextStamp(stamps, li.epoch);
  const tokens = analysis.tokens;
  // Per-item arrays are reused from the language index (matching is synchronous), grown as needed.
  if (li.itemIds.length < tokens.length) {
    li.itemIds = new Int32Array(tokens.length * 2);
    li.itemNextPos = new Int32Array(tokens.length * 2);
  }
  const { firstPos, lastPos, vocab, itemIds: ids, itemNextPos: nextPos } = li;
  let count = 0;
  for (let i = 0; i < tokens.length; i++) {
    nextPos[i] = -1;
    // The stem's id, memoised on the analyzer's entry for the word: one field read for a word
    // seen before with this vocabulary instead of a lookup in the vocabulary map.
    const t = tokens[i]!;
    const w = t.word;
    let id: number;
    if (w !== null && w.idVocab === vocab) {
      id = w.id;
    } else {
      id = vocab.get(t.key) ?? -1;
      if (w !== null) {
        w.idVocab = vocab;
        w.id = id;
      }
    }
    if (id < 0) continue;
    if (stamps[id] !== stamp) {
      stamps[id] = stamp;
      firstPos[id] = i;
      ids[count++] = id;
    } else {
      nextPos[lastPos[id]!] = i;
    }
    lastPos[id] = i;
  }
  analysis.stamps = stamps;
  analysis.stamp = stamp;
  analysis.keyed = { vocab, ids, count, firstPos, nextPos };
}

/** What indexItemKeys reads and reuses of a language index. */
export interface ItemKeyScratch {
  /** Ids of the stems of one-word terms and anchor stems; an item stamps the ids it contains. */
  vocab: Map<string, number>;
  stamps: Int32Array;
  epoch: { value: number };
  /** Per vocab id, the first and (while indexing an item) last token position of the stem in the item. */
  firstPos: Int32Array;
  lastPos: Int32Array;
  itemIds: Int32Array;
  itemNextPos: Int32Array;
}

/**
 * Every [start, end) of a stem (by vocab id) in the analysed item, from its position chain. Made
 * once per item and stem and shared by the item's matches (callers must not mutate it). The memo
 * lives on the analysis, which dies with the item: kept on the long-lived language index, it held
 * young arrays from old space and doubled scavenge time.
 */
export function stemOffsets(a: LanguageAnalysis, id: number): Array<[number, number]> {
  const { firstPos, nextPos } = a.keyed!;
  const first = firstPos[id]!;
  const memo = (a.offsetsByFirst ??= new Array<Array<[number, number]> | undefined>(a.tokens.length));
  const known = memo[first];
  if (known !== undefined) return known;
  const tokens = a.tokens;
  let offsets: Array<[number, number]>;
  // One occurrence (the usual case) is one literal; arrays are made at their final length.
  if (nextPos[first]! < 0) {
    offsets = [[tokens[first]!.start, tokens[first]!.end]];
  } else {
    let k = 0;
    for (let p = first; p >= 0; p = nextPos[p]!) k++;
    offsets = new Array<[number, number]>(k);
    k = 0;
    for (let p = first; p >= 0; p = nextPos[p]!) offsets[k++] = [tokens[p]!.start, tokens[p]!.end];
  }
  memo[first] = offsets;
  return offsets;
}

/** A fresh stamp per item means nothing needs clearing between items. */
function nextStamp(stamps: Int32Array, epoch: { value: number }): number {
  if (epoch.value >= 0x7ffffff0) {
    stamps.fill(0);
    epoch.value = 0;
  }
  return ++epoch.value;
}
