import english from 'natural/lib/natural/util/stopwords.js';
import japanese from 'natural/lib/natural/util/stopwords_ja.js';
import russian from 'natural/lib/natural/util/stopwords_ru.js';
import ukrainian from 'natural/lib/natural/util/stopwords_uk.js';
import { normalizeWord } from '../normalize.js';
import { LATVIAN_STOPWORDS } from './lav.js';

// natural's lists include single letters and digits; multi-word entries never match a token and are harmless.
const LISTS: Record<string, readonly string[]> = {
  eng: english.words,
  rus: russian.words,
  ukr: ukrainian.words,
  jpn: japanese.words,
  lav: LATVIAN_STOPWORDS,
};

/** The language's stopwords, normalised the way tokens are (ё -> е, apostrophes removed). Empty for unknown languages. */
export function stopwordsFor(language: string): Set<string> {
  return new Set((LISTS[language] ?? []).map(normalizeWord));
}
