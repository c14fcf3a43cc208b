import { APOSTROPHE_CLASS } from './normalize.js';

/** One word of the analysed text: its exact characters and where they sit. */
export interface RawWord {
  raw: string;
  start: number;
  end: number;
}

/**
 * Unicode-letter words: letters, marks and digits, with in-word apostrophes kept inside the word.
 * natural's tokenizers split Cyrillic at і/ї/є/ґ and Latvian at ā/ē/ī/ū/š; this one does not.
 */
export const WORD_PATTERN = new RegExp(`[\\p{L}\\p{M}\\p{N}]+(?:[${APOSTROPHE_CLASS}][\\p{L}\\p{M}\\p{N}]+)*`, 'gu');

export function tokenizeWords(text: string): RawWord[] {
  const out: RawWord[] = [];
  const re = new RegExp(WORD_PATTERN);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ raw: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Hashtags (#word) and domain names in raw text, lower-cased: the language-neutral entity channels. */
const HASHTAG = /#[\p{L}\p{N}_]{2,}/gu;
const DOMAIN = /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}\b/gi;

export function findHashtags(text: string): RawWord[] {
  const out: RawWord[] = [];
  if (!text.includes('#')) return out;
  for (const m of text.matchAll(HASHTAG)) out.push({ raw: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  return out;
}

export function findDomains(text: string): RawWord[] {
  const out: RawWord[] = [];
  if (!text.includes('.')) return out;
  for (const m of text.matchAll(DOMAIN)) {
    const d = m[0].toLowerCase();
    // "e.g" or a decimal number is not a domain: require a letter TLD of 2+ and no digits-only labels.
    if (/^\d+(\.\d+)+$/.test(d)) continue;
    out.push({ raw: d, start: m.index, end: m.index + m[0].length });
  }
  return out;
}
