import type { Fingerprint } from '@narmon/schemas';
import { AnalyzerSet, type Analyzer } from './analyzers/index.js';
import { BestMatches } from './best-matches.js';
import type { ItemKeyScratch } from './item-analysis.js';
import { canonicalDomain, canonicalHashtag, compileEntityName, compileSeq, MIN_INFLECTING_NAME, NAME_STEMMING_LANGUAGES, type CompiledSeq } from './compile.js';

/** A scored part of a fingerprint block: a term, a phrase or an entity, with its effective weight. */
export interface CompiledTerm {
  /** As the analyst wrote it. */
  label: string;
  kind: 'term' | 'phrase' | 'entity';
  /** Name/term sequence; null for hashtag and domain entities (looked up directly). */
  seq: CompiledSeq | null;
  entityChannel: 'name' | 'hashtag' | 'domain' | null;
  entityValue: string | null;
  analystWeight: number;
  /** log(1 + N/df) / log(1 + N): 1 for a term only this narrative uses, small for one every narrative uses. */
  rarity: number;
  weight: number;
}

/** One language block of one fingerprint version, ready to verify. Entities are part of every block. */
export interface CompiledBlock {
  fingerprint: Fingerprint;
  narrative: string;
  version: number;
  /** ISO 639-3, or '*' for the entities-only block of a fingerprint without a block in the item's language. */
  language: string;
  terms: CompiledTerm[];
  excludes: Array<{ label: string; seq: CompiledSeq }>;
  totalWeight: number;
  match: Fingerprint['match'];
  /** Terms the presearcher indexes this block under: without one of them it cannot reach its thresholds. */
  anchors: CompiledTerm[];
  /** Fewest anchor terms any flag must contain: candidates with fewer anchor hits are not verified. */
  minAnchorHits: number;
  /** Position in MatcherIndex.blocks (the presearcher counts hits in an array by it). */
  ordinal: number;
  /** Per term, its id in the language vocabulary when the term is one plain word, else -1. */
  plainIds: Int32Array;
}

export interface FingerprintEntry {
  fingerprint: Fingerprint;
  blocks: Map<string, CompiledBlock>;
  /** Scores entity hits in languages the fingerprint has no block for (null without entities). */
  entityBlock: CompiledBlock | null;
}

/** A language's index; the vocabulary and scratch that indexItemKeys works on come from ItemKeyScratch. */
export interface LanguageIndex extends ItemKeyScratch {
  language: string;
  analyzer: Analyzer;
  /**
   * Anchor postings of Japanese bigrams, keyed "\u0001" + bigram (block ordinals, one entry per
   * anchor term); the postings of stems are in anchorStart/anchorBlocks once the index is built.
   */
  keyPostings: Map<string, Int32Array>;
  /** Anchor postings of prefix terms by prefix. */
  prefixPostings: Map<string, Int32Array>;
  prefixLengths: number[];
  blockCount: number;
  /** keyPostings of stems in vocab, by id, as one flat array: postings of id k are anchorBlocks[anchorStart[k] .. anchorStart[k + 1]). */
  anchorStart: Int32Array;
  anchorBlocks: Int32Array;
}

/**
 * Layout of one block's record in BlockTable.records, at recordAt[ordinal]: RECORD_SIZE fields,
 * then the block's terms as (vocab id, weight) pairs. Everything scoring a candidate reads sits in
 * a few adjacent cache lines, one fetch and the prefetcher's next ones, instead of three arrays.
 */
export const RECORD_SIZE = 8;
/** Terms of the block are termIds/terms[TERM_START .. TERM_END). */
export const TERM_START = 0;
export const TERM_END = 1;
/** 1 when every term is one plain word and there is no exclusion: scored from the table alone. */
export const PLAIN_ONLY = 2;
export const TOTAL_WEIGHT = 3;
export const MIN_SCORE = 4;
export const MIN_COVERAGE = 5;
export const MIN_TERMS = 6;
/** Number of the block's narrative: blocks of one narrative id share it, and numbers sort as the ids do. */
export const NARRATIVE_NO = 7;

/**
 * Every block's plain one-word terms and thresholds as flat arrays by block ordinal, so the
 * verifier scores a candidate with a few array reads instead of walking block and term objects
 * (which, scattered over the heap, cost a cache miss each at 10,000 narratives).
 */
export interface BlockTable {
  records: Float64Array;
  /** Where each block's record starts in records, by ordinal. */
  recordAt: Int32Array;
  /** Vocab id of each term (one plain word; -1 otherwise), in the block's term order. */
  termIds: Int32Array;
  /** Each term's compiled object (shared by the blocks that have the term), for explanations. */
  terms: CompiledTerm[];
  narrativeCount: number;
  /** By block ordinal. */
  narrative: string[];
  version: Float64Array;
  language: string[];
}

/**
 * The built matcher: inverted indexes keyed by (language, stem) and by entity, holding each block
 * only under its anchor terms (a Lucene-Monitor-style presearcher), plus the compiled blocks.
 */
export interface MatcherIndex {
  /** The fingerprints in the index (retired ones are left out). */
  fingerprints: Fingerprint[];
  entries: FingerprintEntry[];
  languages: Map<string, LanguageIndex>;
  /** Entity anchors: "n:" + name word, "np:" + name prefix, "ns:" + language + stem, "h:" + #hashtag, "d:" + domain. */
  entityPostings: Map<string, FingerprintEntry[]>;
  /** Lengths of the "np:" prefixes, ascending. */
  entityPrefixLengths: number[];
  /** Every compiled block, by ordinal. */
  blocks: CompiledBlock[];
  /**
   * Presearch counters, two per block ordinal: [2o] the scratch anchor-hit count of the current item
   * (matching is synchronous, so one set suffices), [2o + 1] the block's minAnchorHits, side by side
   * so checking a touched block reads one cache line.
   */
  hitCounts: Uint8Array;
  table: BlockTable;
  /** Scratch for the presearcher: blocks touched by the current item, then the candidates it returns. */
  touched: Int32Array;
  candidates: Int32Array;
  /** Scratch for the presearcher: the nearest misses of the current item and their hits, in pairs. */
  nearMisses: Int32Array;
  /** Scratch for matchItem: the best match per narrative of the current item. */
  best: BestMatches;
  analyzers: AnalyzerSet;
  builtAt: Date;
}

export interface BuildMatcherOptions {
  /** Reuse analyzers (and their warm stem caches) from a previous index. */
  analyzers?: AnalyzerSet;
}

const GRAM_KEY = '\u0001';

/** How many non-flagged matches (runners-up) are kept per item for the analyst. */
export const MAX_RUNNERS_UP = 5;

function rarity(n: number, df: number): number {
  return n <= 1 ? 1 : Math.log(1 + n / Math.max(df, 1)) / Math.log(1 + n);
}

interface PendingTerm extends Omit<CompiledTerm, 'rarity' | 'weight'> {
  signature: string;
}

export function buildMatcherIndex(fingerprints: Fingerprint[], options: BuildMatcherOptions = {}): MatcherIndex {
  const analyzers = options.analyzers ?? new AnalyzerSet();
  const live = fingerprints.filter((f) => f.status !== 'retired');

  // Pass 1: compile every block, counting in how many blocks (per language) each term occurs.
  const languageDf = new Map<string, Map<string, number>>();
  const languageBlocks = new Map<string, number>();
  const elementDf = new Map<string, Map<string, number>>();
  const entityDf = new Map<string, number>();
  const pending: Array<{ fp: Fingerprint; blocks: Array<{ language: string; terms: PendingTerm[]; excludes: CompiledBlock['excludes'] }>; entities: PendingTerm[] }> = [];
  // One compiled sequence per (language, text): a library repeats its words across thousands of
  // blocks, and compileSeq gives the same text in the same language the same sequence.
  const seqs = new Map<string, CompiledSeq | null>();
  const seqOf = (text: string, language: string, analyzer: Analyzer): CompiledSeq | null => {
    const k = `${language}\u0000${text}`;
    let seq = seqs.get(k);
    if (seq === undefined) seqs.set(k, (seq = compileSeq(text, analyzer)));
    return seq;
  };

  for (const fp of live) {
    const entities = compileEntities(fp);
    for (const sig of new Set(entities.map((e) => e.signature))) entityDf.set(sig, (entityDf.get(sig) ?? 0) + 1);
    const blocks: Array<{ language: string; terms: PendingTerm[]; excludes: CompiledBlock['excludes'] }> = [];
    for (const [language, block] of Object.entries(fp.languages)) {
      const analyzer = analyzers.get(language);
      const terms: PendingTerm[] = [];
      for (const { t, w } of block.terms) {
        const seq = seqOf(t, language, analyzer);
        if (seq) terms.push({ label: t, kind: 'term', seq, entityChannel: null, entityValue: null, analystWeight: w, signature: seq.signature });
      }
      for (const { p, w } of block.phrases) {
        const seq = seqOf(p, language, analyzer);
        if (seq) terms.push({ label: p, kind: 'phrase', seq, entityChannel: null, entityValue: null, analystWeight: w, signature: seq.signature });
      }
      const excludes = block.exclude.flatMap((x) => {
        const seq = compileSeq(x, analyzer);
        return seq ? [{ label: x, seq }] : [];
      });
      const df = getOrCreate(languageDf, language, () => new Map<string, number>());
      for (const sig of new Set(terms.map((x) => x.signature))) df.set(sig, (df.get(sig) ?? 0) + 1);
      const edf = getOrCreate(elementDf, language, () => new Map<string, number>());
      const elements = new Set(terms.flatMap((x) => x.seq?.elements.map((e) => `${e.prefix ? 'p' : 'k'}:${e.value}`) ?? []));
      for (const e of elements) edf.set(e, (edf.get(e) ?? 0) + 1);
      languageBlocks.set(language, (languageBlocks.get(language) ?? 0) + 1);
      blocks.push({ language, terms, excludes });
    }
    pending.push({ fp, blocks, entities });
  }

  // Pass 2: effective weights (analyst weight x rarity), anchors, postings.
  const languages = new Map<string, LanguageIndex>();
  const pendingPostings = new Map<string, { keys: Map<string, CompiledBlock[]>; prefixes: Map<string, CompiledBlock[]> }>();
  const entityPostings = new Map<string, FingerprintEntry[]>();
  const entries: FingerprintEntry[] = [];
  const fpCount = live.length;
  // Terms and phrases are shared by every block of the language that has the same one: label, kind,
  // analyst weight and sequence are the same, and so is the rarity (a function of the signature's
  // document frequency in the language). Entity terms stay per fingerprint (anchoring tells them apart).
  const sharedTerms = new Map<string, CompiledTerm>();
  const termOf = (x: PendingTerm, language: string, n: number, df: Map<string, number>): CompiledTerm => {
    const k = `${language}\u0000${x.kind}\u0000${x.analystWeight}\u0000${x.label}`;
    let t = sharedTerms.get(k);
    if (t === undefined) sharedTerms.set(k, (t = finish(x, rarity(n, df.get(x.signature) ?? 1))));
    return t;
  };

  for (const { fp, blocks, entities } of pending) {
    const entityTerms: CompiledTerm[] = entities.map((e) => finish(e, rarity(fpCount, entityDf.get(e.signature) ?? 1)));
    const entry: FingerprintEntry = { fingerprint: fp, blocks: new Map(), entityBlock: null };
    for (const b of blocks) {
      const n = languageBlocks.get(b.language) ?? 1;
      const df = languageDf.get(b.language)!;
      const terms = b.terms.map((x) => termOf(x, b.language, n, df)).concat(entityTerms);
      const block = makeBlock(fp, b.language, terms, b.excludes, (t) => (t.kind === 'entity' ? entityDf.get(signatureOf(t)) ?? 1 : df.get(signatureOf(t)) ?? 1), n);
      entry.blocks.set(b.language, block);
      const li = getOrCreate(languages, b.language, () => ({
        language: b.language, analyzer: analyzers.get(b.language), keyPostings: new Map(), prefixPostings: new Map(), prefixLengths: [], blockCount: 0,
        vocab: new Map<string, number>(), stamps: new Int32Array(0), epoch: { value: 0 },
        anchorStart: new Int32Array(1), anchorBlocks: new Int32Array(0), firstPos: new Int32Array(0), lastPos: new Int32Array(0),
        itemIds: new Int32Array(256), itemNextPos: new Int32Array(256),
      }));
      block.plainIds = Int32Array.from(block.terms, (t) => {
        const k = plainKeyOf(t);
        if (k === null) return -1;
        let id = li.vocab.get(k);
        if (id === undefined) li.vocab.set(k, (id = li.vocab.size));
        return id;
      });
      const lp = getOrCreate(pendingPostings, b.language, () => ({ keys: new Map<string, CompiledBlock[]>(), prefixes: new Map<string, CompiledBlock[]>() }));
      li.blockCount++;
      const edf = elementDf.get(b.language)!;
      for (const a of block.anchors) {
        if (a.kind === 'entity') continue;
        addTermPosting(lp, block, a, edf);
      }
    }
    if (entityTerms.length) {
      entry.entityBlock = makeBlock(fp, '*', entityTerms, [], (t) => entityDf.get(signatureOf(t)) ?? 1, fpCount);
    }
    // Entity anchors point at the fingerprint; the candidate step picks the block for the item's language.
    const anchoredEntities = new Set<CompiledTerm>();
    for (const block of [...entry.blocks.values(), ...(entry.entityBlock ? [entry.entityBlock] : [])]) {
      for (const a of block.anchors) if (a.kind === 'entity') anchoredEntities.add(a);
    }
    for (const e of entityTerms) {
      if (!anchoredEntities.has(e)) continue;
      const key = entityPostingKey(e);
      if (key) getOrCreate(entityPostings, key, () => []).push(entry);
      // Names also under their stem in each language that stems them (Навальный under навальн).
      const first = e.seq?.elements[0];
      if (e.entityChannel === 'name' && first?.inflects && first.value.length >= MIN_INFLECTING_NAME) {
        for (const language of NAME_STEMMING_LANGUAGES) {
          getOrCreate(entityPostings, entityStemKey(language, analyzers.get(language).keyOf(first.value)), () => []).push(entry);
        }
      }
    }
    entries.push(entry);
  }
  const allBlocks: CompiledBlock[] = [];
  for (const e of entries) {
    for (const b of e.blocks.values()) allBlocks.push(b);
    if (e.entityBlock) allBlocks.push(e.entityBlock);
  }
  allBlocks.forEach((b, i) => { b.ordinal = i; });
  // Postings become flat arrays of ordinals: the presearcher counts hits without touching block objects.
  const toOrdinals = (m: Map<string, CompiledBlock[]>) => new Map([...m].map(([k, bs]) => [k, Int32Array.from(bs, (b) => b.ordinal)]));
  for (const [language, lp] of pendingPostings) {
    const li = languages.get(language)!;
    li.keyPostings = toOrdinals(lp.keys);
    li.prefixPostings = toOrdinals(lp.prefixes);
  }
  for (const li of languages.values()) {
    flattenAnchorPostings(li);
    li.stamps = new Int32Array(li.vocab.size);
    li.firstPos = new Int32Array(li.vocab.size);
    li.lastPos = new Int32Array(li.vocab.size);
    li.prefixLengths = [...new Set([...li.prefixPostings.keys()].map((p) => p.length))].sort((a, b) => a - b);
  }

  const table = buildBlockTable(allBlocks);
  return {
    fingerprints: live, entries, languages, entityPostings, blocks: allBlocks,
    entityPrefixLengths: [...new Set([...entityPostings.keys()].filter((k) => k.startsWith(ENTITY_PREFIX_KEY)).map((k) => k.length - ENTITY_PREFIX_KEY.length))].sort((x, y) => x - y),
    hitCounts: hitCounters(allBlocks),
    table, best: new BestMatches(table.narrativeCount), touched: new Int32Array(allBlocks.length), candidates: new Int32Array(allBlocks.length),
    nearMisses: new Int32Array(2 * MAX_RUNNERS_UP),
    analyzers, builtAt: new Date(),
  };
}

function hitCounters(blocks: CompiledBlock[]): Uint8Array {
  const counters = new Uint8Array(blocks.length * 2);
  // A requirement above 255 hits is kept at 255: a weaker filter, never a lost flag.
  blocks.forEach((b, o) => { counters[2 * o + 1] = Math.min(255, b.minAnchorHits); });
  return counters;
}

/** Gives every anchor stem a vocab id and lays its postings out by id (Japanese bigram keys stay in the map only). */
function flattenAnchorPostings(li: LanguageIndex): void {
  const byId: Array<Int32Array | undefined> = [];
  for (const [key, ordinals] of li.keyPostings) {
    if (key.startsWith(GRAM_KEY)) continue;
    let id = li.vocab.get(key);
    if (id === undefined) li.vocab.set(key, (id = li.vocab.size));
    byId[id] = ordinals;
  }
  li.anchorStart = new Int32Array(li.vocab.size + 1);
  let total = 0;
  for (let id = 0; id < li.vocab.size; id++) {
    li.anchorStart[id] = total;
    total += byId[id]?.length ?? 0;
  }
  li.anchorStart[li.vocab.size] = total;
  li.anchorBlocks = new Int32Array(total);
  byId.forEach((ordinals, id) => { if (ordinals) li.anchorBlocks.set(ordinals, li.anchorStart[id]!); });
  // The map keeps only what the flat layout does not hold (Japanese bigram keys): one typed array
  // per stem would otherwise stay alive next to its copy in anchorBlocks.
  for (const key of [...li.keyPostings.keys()]) if (!key.startsWith(GRAM_KEY)) li.keyPostings.delete(key);
}

function buildBlockTable(blocks: CompiledBlock[]): BlockTable {
  const total = blocks.reduce((sum, b) => sum + b.plainIds.length, 0);
  // Narrative numbers follow the order of the ids (as `<` compares them), so ranking breaks ties
  // between equal scores by comparing two integers instead of two strings.
  const narrativeNos = new Map([...new Set(blocks.map((b) => b.narrative))].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)).map((id, no) => [id, no]));
  const recordAt = new Int32Array(blocks.length);
  let size = 0;
  blocks.forEach((b, o) => {
    recordAt[o] = size;
    size += RECORD_SIZE + 2 * b.plainIds.length;
  });
  const table: BlockTable = {
    records: new Float64Array(size), recordAt, termIds: new Int32Array(total), terms: new Array<CompiledTerm>(total),
    narrativeCount: 0, narrative: blocks.map((b) => b.narrative), version: Float64Array.from(blocks, (b) => b.version), language: blocks.map((b) => b.language),
  };
  let at = 0;
  blocks.forEach((b, o) => {
    const r = recordAt[o]!;
    table.records[r + TERM_START] = at;
    table.termIds.set(b.plainIds, at);
    b.plainIds.forEach((id, i) => {
      const t = b.terms[i]!;
      table.records[r + RECORD_SIZE + 2 * i] = id;
      table.records[r + RECORD_SIZE + 2 * i + 1] = t.weight;
      table.terms[at] = t;
      at++;
    });
    table.records[r + TERM_END] = at;
    table.records[r + PLAIN_ONLY] = b.excludes.length === 0 && b.terms.length > 0 && b.plainIds.length === b.terms.length && b.plainIds.every((id) => id >= 0) ? 1 : 0;
    table.records[r + TOTAL_WEIGHT] = b.totalWeight;
    table.records[r + MIN_SCORE] = b.match.minScore;
    table.records[r + MIN_COVERAGE] = b.match.minCoverage;
    table.records[r + MIN_TERMS] = b.match.minTerms;
    table.records[r + NARRATIVE_NO] = narrativeNos.get(b.narrative)!;
  });
  // Each block's ids become a view of the table: one shared buffer instead of one per block.
  blocks.forEach((b, o) => { b.plainIds = table.termIds.subarray(table.records[recordAt[o]! + TERM_START]!, table.records[recordAt[o]! + TERM_END]!); });
  table.narrativeCount = narrativeNos.size;
  return table;
}

function compileEntities(fp: Fingerprint): PendingTerm[] {
  const out: PendingTerm[] = [];
  for (const { e, kind, w } of fp.entities) {
    if (kind === 'hashtag') {
      const v = canonicalHashtag(e);
      out.push({ label: e, kind: 'entity', seq: null, entityChannel: 'hashtag', entityValue: v, analystWeight: w, signature: `h:${v}` });
    } else if (kind === 'domain') {
      const v = canonicalDomain(e);
      out.push({ label: e, kind: 'entity', seq: null, entityChannel: 'domain', entityValue: v, analystWeight: w, signature: `d:${v}` });
    } else {
      const seq = compileEntityName(e);
      if (seq) out.push({ label: e, kind: 'entity', seq, entityChannel: 'name', entityValue: null, analystWeight: w, signature: seq.signature });
    }
  }
  return out;
}

/**
 * The finished term as one literal of fixed shape: every term shares one hidden class. (Object
 * rest + spread gave each of the library's terms a hidden class of its own: a map, descriptor
 * array and property array per term, about a third of the index's heap at 10,000 narratives.)
 */
function finish(p: PendingTerm, r: number): CompiledTerm {
  return {
    label: p.label, kind: p.kind, seq: p.seq, entityChannel: p.entityChannel, entityValue: p.entityValue,
    analystWeight: p.analystWeight, rarity: r, weight: p.analystWeight * r,
  };
}

function signatureOf(t: CompiledTerm): string {
  if (t.entityChannel === 'hashtag') return `h:${t.entityValue}`;
  if (t.entityChannel === 'domain') return `d:${t.entityValue}`;
  return t.seq!.signature;
}

/**
 * Anchors: the most common terms may be left out of the presearch index as long as the left-out
 * set alone could never flag (too little weight, coverage or too few terms); every flag then
 * contains at least `minAnchorHits` anchors. Among the safe cut points, the one with the lowest
 * expected work is taken: posting lists touched plus the chance of a candidate to verify.
 */
function makeBlock(fp: Fingerprint, language: string, terms: CompiledTerm[], excludes: CompiledBlock['excludes'], dfOf: (t: CompiledTerm) => number, libraryBlocks: number): CompiledBlock {
  const totalWeight = terms.reduce((s, t) => s + t.weight, 0);
  const { minScore, minCoverage, minTerms } = fp.match;
  const needWeight = Math.max(minScore, minCoverage * totalWeight) - 1e-9;
  const byCommonness = [...terms].sort((a, b) => dfOf(b) - dfOf(a) || a.weight - b.weight);
  const p = byCommonness.map((t) => Math.min(1, dfOf(t) / Math.max(1, libraryBlocks)));
  let best = { cut: 0, hits: 1, cost: Infinity };
  let leftOutWeight = 0;
  for (let cut = 0; cut <= byCommonness.length; cut++) {
    if (cut > 0) leftOutWeight += byCommonness[cut - 1]!.weight;
    const stillInfeasible = leftOutWeight < needWeight || cut < minTerms;
    if (!stillInfeasible) break;
    const anchors = byCommonness.slice(cut);
    if (anchors.length === 0) break;
    let k = 0;
    let got = leftOutWeight;
    for (const w of anchors.map((a) => a.weight).sort((x, y) => y - x)) {
      if (got >= needWeight) break;
      got += w;
      k++;
    }
    // A block that can never flag still shows as a runner-up when all its anchors occur.
    const hits = Math.min(anchors.length, Math.max(1, k, minTerms - cut));
    const lambda = p.slice(cut).reduce((s, x) => s + x, 0);
    const cost = 0.05 * lambda + poissonAtLeast(lambda, hits);
    if (cost < best.cost) best = { cut, hits, cost };
  }
  const anchors = byCommonness.slice(best.cut);
  return { fingerprint: fp, narrative: fp.id, version: fp.version, language, terms, excludes, totalWeight, match: fp.match, anchors, minAnchorHits: best.hits, ordinal: -1, plainIds: new Int32Array(0) };
}

function plainKeyOf(t: CompiledTerm): string | null {
  const seq = t.seq;
  if (!seq || seq.byNorm || seq.grams || seq.elements.length !== 1 || seq.elements[0]!.prefix) return null;
  return seq.elements[0]!.value;
}

/** P(X >= k) for X ~ Poisson(lambda): a rough chance that an item hits k anchors. */
function poissonAtLeast(lambda: number, k: number): number {
  let term = Math.exp(-lambda);
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= lambda / (i + 1);
  }
  return Math.max(0, 1 - below);
}

function addTermPosting(li: { keys: Map<string, CompiledBlock[]>; prefixes: Map<string, CompiledBlock[]> }, block: CompiledBlock, term: CompiledTerm, elementDf: Map<string, number>): void {
  const seq = term.seq!;
  if (seq.grams && seq.grams.length > 0) {
    // Japanese: a segment match implies the characters are there, so a bigram anchor covers both paths.
    getOrCreate(li.keys, GRAM_KEY + seq.grams[0]!, () => []).push(block);
    return;
  }
  let best = seq.elements[0]!;
  let bestDf = Infinity;
  for (const e of seq.elements) {
    const df = (elementDf.get(`${e.prefix ? 'p' : 'k'}:${e.value}`) ?? 0) + (e.prefix ? 0.5 : 0);
    if (df < bestDf) { best = e; bestDf = df; }
  }
  // One posting per anchor term (not per block): the presearcher counts anchor hits.
  getOrCreate(best.prefix ? li.prefixes : li.keys, best.value, () => []).push(block);
}

function entityPostingKey(e: CompiledTerm): string | null {
  if (e.entityChannel === 'hashtag') return `h:${e.entityValue}`;
  if (e.entityChannel === 'domain') return `d:${e.entityValue}`;
  const first = e.seq?.elements[0];
  if (!first) return null;
  return first.prefix ? `${ENTITY_PREFIX_KEY}${first.value}` : `n:${first.value}`;
}

/** Entity postings of a name's first word by its stem in a language that stems names. */
export function entityStemKey(language: string, stem: string): string {
  return `ns:${language}:${stem}`;
}

/** Entity postings of names whose first word is a prefix (a one-word name written with `*`). */
export const ENTITY_PREFIX_KEY = 'np:';

function getOrCreate<K, V>(m: Map<K, V>, k: K, make: () => V): V {
  let v = m.get(k);
  if (v === undefined) {
    v = make();
    m.set(k, v);
  }
  return v;
}


export { GRAM_KEY };
