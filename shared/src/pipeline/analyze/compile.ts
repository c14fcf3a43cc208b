import { normalizeWord } from './normalize.js';
import { tokenizeWords } from './tokenize.js';
import type { Analyzer } from './analyzers/index.js';

/** One position of a compiled term: an index key (stem), or a prefix of the normalised word. */
export interface SeqElement {
  value: string;
  prefix: boolean;
  stop: boolean;
  /** A word of an entity name that takes case endings in inflecting languages (see nameWordMatches). */
  inflects?: boolean;
}

/**
 * Languages whose names take case endings: an entity name word of 4+ letters matches its form
 * with up to 3 more letters there (Сорос -> Сороса, Соросом), and, where the language has a
 * stemmer (NAME_STEMMING_LANGUAGES), any form with the same stem (Навальный -> Навального,
 * Zelenskis -> Zelenska). Elsewhere (English "Mark" vs "Market") names match as written.
 */
export const NAME_INFLECTING_LANGUAGES: ReadonlySet<string> = new Set(['rus', 'ukr', 'bel', 'pol', 'ces', 'slk', 'bul', 'srp', 'hrv', 'slv', 'lav', 'lit', 'est', 'fin', 'hun']);
export const MAX_NAME_ENDING = 3;
export const NAME_STEMMING_LANGUAGES: readonly string[] = ['rus', 'ukr', 'lav'];
/** Shortest name word that inflects (shorter ones, ЕС or US, match as written). */
export const MIN_INFLECTING_NAME = 4;
const NAME_ENDING = /^\p{L}{1,3}$/u;

/** Whether a token's normalised form is an entity name word, as written or (inflecting) with a case ending. */
export function nameWordMatches(value: string, norm: string, inflecting: boolean): boolean {
  if (norm === value) return true;
  return inflecting && value.length >= MIN_INFLECTING_NAME && norm.length > value.length && norm.length - value.length <= MAX_NAME_ENDING
    && norm.startsWith(value) && NAME_ENDING.test(norm.slice(value.length));
}

/** A term, phrase, exclusion or entity name as a sequence the verifier can look for. */
export interface CompiledSeq {
  elements: SeqElement[];
  /** Match over every token, or over content tokens only (phrases skip stopwords on both sides). */
  stream: 'all' | 'content';
  /** Elements compare the normalised form (entities, prefixes) instead of the stem. */
  byNorm: boolean;
  /** Japanese character-bigram sequence, the fallback when segmentation differs. */
  grams: string[] | null;
  /** Identity across the library, for rarity (document frequency). */
  signature: string;
}

const JAPANESE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * Compiles a fingerprint term or phrase with the language's own analyzer, so it meets item text
 * in the same form. A trailing `*` makes the last word a prefix of the normalised (unstemmed) word.
 */
export function compileSeq(text: string, analyzer: Analyzer): CompiledSeq | null {
  const trimmed = text.trim();
  const isPrefix = trimmed.endsWith('*');
  const body = isPrefix ? trimmed.slice(0, -1) : trimmed;
  const toks = analyzer.tokens(body);
  if (toks.length === 0) return null;
  const elements: SeqElement[] = toks.map((t, i) => (
    isPrefix && i === toks.length - 1 ? { value: t.norm, prefix: true, stop: false } : { value: t.key, prefix: false, stop: t.stop }
  ));
  const stream = elements.length > 1 && elements.every((e) => !e.stop) ? 'content' : 'all';
  const grams = analyzer.grams && JAPANESE_SCRIPT.test(body) && !isPrefix
    ? analyzer.grams(body).map((g) => g.gram).filter(Boolean)
    : null;
  return {
    elements,
    stream,
    byNorm: false,
    grams: grams && grams.length > 0 && grams[0]!.length === 2 ? grams : null,
    signature: elements.map((e) => `${e.prefix ? 'p' : 'k'}:${e.value}`).join(' '),
  };
}

/**
 * Entity names are language-neutral: normalised words, no stemming, matched over every token.
 * Their words take case endings in inflecting languages (nameWordMatches); a trailing `*` makes
 * the last word a prefix, as in terms (Зеленськ* for Зеленський, Зеленського, ...).
 */
export function compileEntityName(text: string): CompiledSeq | null {
  const trimmed = text.trim();
  const isPrefix = trimmed.endsWith('*');
  const words = tokenizeWords(isPrefix ? trimmed.slice(0, -1) : trimmed);
  if (words.length === 0) return null;
  const elements: SeqElement[] = words.map((w, i) => {
    const value = normalizeWord(w.raw);
    return isPrefix && i === words.length - 1 ? { value, prefix: true, stop: false } : { value, prefix: false, stop: false, inflects: true };
  });
  return { elements, stream: 'all', byNorm: true, grams: null, signature: `n:${elements.map((e) => (e.prefix ? `${e.value}*` : e.value)).join(' ')}` };
}

/** Canonical form of a hashtag or domain entity as written in a fingerprint. */
export function canonicalHashtag(text: string): string {
  return `#${text.trim().replace(/^#+/, '').normalize('NFKC').toLowerCase()}`;
}

export function canonicalDomain(text: string): string {
  return text.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/^www\./, '').replace(/[/:].*$/, '');
}
