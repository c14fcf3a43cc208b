/** One analysed word of an item or a term: its normalised form, its index key (stem) and where it sits. */
export interface Token {
  /** Normalised surface form (NFKC, lower case, ё -> е, no apostrophes): prefix terms and entities match this. */
  norm: string;
  /** Index key: the stem (or the norm for languages without a stemmer, acronyms, Japanese segments). */
  key: string;
  start: number;
  end: number;
  stop: boolean;
  /** The analyzer's cache entry for this word, shared by all its occurrences (null when the analyzer keeps none). */
  word: WordEntry | null;
}

/** One distinct raw word as an analyzer caches it. */
export interface WordEntry {
  norm: string;
  key: string;
  stop: boolean;
  /**
   * Memo of the matcher (indexItemKeys): the key's id in the vocabulary `idVocab` (-1 when absent),
   * so an item's words are looked up in a library's (large) vocabulary once per distinct word, not
   * once per occurrence and item. Rewritten when another vocabulary asks.
   */
  idVocab: Map<string, number> | null;
  id: number;
}

/** A character bigram of a Japanese run (the recall fallback when segmentation differs). */
export interface Gram {
  gram: string;
  start: number;
  end: number;
}

export interface Analyzer {
  readonly language: string;
  /** The text's words in order, stopwords included (flagged). */
  tokens(text: string): Token[];
  /** Character bigrams, for scripts without spaces (Japanese); undefined elsewhere. */
  grams?(text: string): Gram[];
  /** Index key of a normalised word (cached). */
  keyOf(norm: string): string;
}

/** Reuses one stem per distinct raw word: the hot path sees the same words again and again. */
export class StemCache {
  private readonly map = new Map<string, WordEntry>();
  constructor(private readonly max = 200_000) {}
  get(raw: string): WordEntry | undefined {
    return this.map.get(raw);
  }
  set(raw: string, t: WordEntry): void {
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(raw, t);
  }
  get size(): number {
    return this.map.size;
  }
}
