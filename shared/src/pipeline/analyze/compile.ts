import { normalizeWord } from './normalize.js';
import { tokenizeWords } from './tokenize.js';
import type { Analyzer } from './analyzers/index.js';

/** One position of a compiled term: an index key (stem), or a prefix of the normalised word. */
export interface SeqElement {
  value: string;
  prefix: boolean;
  stop: boolean;
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

/** Entity names are language-neutral: normalised words, no stemming, matched over every token. */
export function compileEntityName(text: string): CompiledSeq | null {
  const words = tokenizeWords(text.replace(/\*$/, ''));
  if (words.length === 0) return null;
  const elements = words.map((w) => ({ value: normalizeWord(w.raw), prefix: false, stop: false }));
  return { elements, stream: 'all', byNorm: true, grams: null, signature: `n:${elements.map((e) => e.value).join(' ')}` };
}

/** Canonical form of a hashtag or domain entity as written in a fingerprint. */
export function canonicalHashtag(text: string): string {
  return `#${text.trim().replace(/^#+/, '').normalize('NFKC').toLowerCase()}`;
}

export function canonicalDomain(text: string): string {
  return text.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/^www\./, '').replace(/[/:].*$/, '');
}
