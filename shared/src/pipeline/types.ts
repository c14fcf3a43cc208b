/**
 * The shapes that flow between pipeline stages. Each stage is a plain function in its own
 * folder; the in-process driver and the BullMQ workers call the same functions.
 */

/** What a fetch returns: raw bytes (already content-decoded: gzip/br/deflate) plus what HTTP said. */
export interface FetchedDocument {
  /** 200 with a body, or 304 when the validators matched (body empty). */
  status: 200 | 304;
  body: Buffer;
  /** The Content-Type header, if any (carries the HTTP charset). */
  contentType: string | null;
  /** URL after redirects. */
  finalUrl: string;
  etag: string | null;
  lastModified: string | null;
  bytes: number;
  /** Bytes on the wire (before decompression), when known. */
  wireBytes?: number;
  durationMs: number;
}

/** Validators from the previous successful fetch, for conditional GET. */
export interface FetchValidators {
  etag?: string | null;
  lastModified?: string | null;
}

/** One entry of a parsed feed, before analysis. */
export interface ParsedItem {
  guid: string | null;
  link: string | null;
  title: string;
  /** Plain text for analysis (HTML stripped). */
  text: string;
  /** Original HTML/content as published, kept for analysts. */
  html: string | null;
  published: Date | null;
  /** True when no date parsed and `published` is the fetch time. */
  dateInferred: boolean;
  /** The link without tracking parameters, normalised: the cross-feed story key. */
  canonicalUrl?: string | null;
}

export interface ParsedFeed {
  title: string | null;
  /** The feed's declared language, raw (BCP 47 as written), if any. */
  language: string | null;
  link: string | null;
  items: ParsedItem[];
  /** Which repairs the second chance applied (empty when the document parsed as published). */
  repairs?: string[];
  /** Items dropped over the per-document cap. */
  itemsDropped?: number;
}

export interface LanguageResult {
  /** ISO 639-3, or 'und' when there is too little text. */
  language: string;
  confidence: number;
  runnerUp: { language: string; confidence: number } | null;
  /** Languages whose fingerprint blocks the analysis should score (close calls give two). */
  candidates: string[];
}

export interface LanguageOptions {
  /** Declared language of the item or feed (BCP 47 or ISO 639-3). */
  declared?: string | null;
  /** Learned language profile of the feed, ISO 639-3. */
  feedPrior?: string | null;
}

/** Where one matched term or phrase sits in the analysed text (title + "\n" + text). */
export interface MatchedTerm {
  term: string;
  kind: 'term' | 'phrase' | 'entity';
  weight: number;
  /** The analyst's weight and the term's rarity across the library (weight = analystWeight x rarity). */
  analystWeight?: number;
  rarity?: number;
  /** [start, end) character offsets into the analysed text. */
  offsets: Array<[number, number]>;
}

export interface NarrativeMatch {
  narrative: string;
  version: number;
  score: number;
  coverage: number;
  /** Language block that matched. */
  language: string;
  terms: MatchedTerm[];
  /** True when over the fingerprint's thresholds (a flag); false for a runner-up. */
  flagged: boolean;
  /** Exclusion terms found in the item (a match with any is never flagged). */
  excludedBy?: string[];
}

export interface AnalyzableItem {
  id?: string | number;
  title?: string;
  text: string;
  language?: string | null;
  /** Extra language blocks to score (close calls). */
  languageCandidates?: string[];
}

export interface AnalyzedItem extends ParsedItem {
  language: string;
  languageConfidence: number;
  matches: NarrativeMatch[];
}
