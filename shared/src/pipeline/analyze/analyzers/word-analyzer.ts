import { isAcronym, normalizeWord } from '../normalize.js';
import { stopwordsFor } from '../stopwords/index.js';
import { WORD_PATTERN } from '../tokenize.js';
import { StemCache, type Analyzer, type Token, type WordEntry } from './types.js';

export interface WordAnalyzerOptions {
  language: string;
  /** Stems a normalised word; identity when absent. */
  stem?: (norm: string) => string;
  /** Words of at most this many characters are kept whole (stemmers over-cut short words). */
  minStemLength?: number;
  /** Keep all-capitals acronyms (НАТО) unstemmed. */
  keepAcronyms?: boolean;
  /** Rewrites the normalised word before stemming (English possessive 's). */
  prepare?: (norm: string) => string;
}

/**
 * An analyzer for space-separated languages: Unicode-letter words, normalised, stopwords marked,
 * stemmed through a cache keyed by the raw word (so acronym casing is seen).
 */
export function createWordAnalyzer(options: WordAnalyzerOptions): Analyzer {
  const stopwords = stopwordsFor(options.language);
  const stem = options.stem ?? ((w: string) => w);
  const minLen = options.minStemLength ?? 3;
  const cache = new StemCache();
  const stemCache = new Map<string, string>();

  function keyOf(norm: string): string {
    let k = stemCache.get(norm);
    if (k === undefined) {
      k = norm.length <= minLen || /^\p{N}+$/u.test(norm) ? norm : stem(norm) || norm;
      if (stemCache.size >= 200_000) stemCache.clear();
      stemCache.set(norm, k);
    }
    return k;
  }

  function analyzeWord(raw: string): WordEntry {
    let t = cache.get(raw);
    if (!t) {
      const norm0 = normalizeWord(raw);
      const norm = options.prepare ? options.prepare(norm0) : norm0;
      const key = options.keepAcronyms && isAcronym(raw) ? norm : keyOf(norm);
      t = { norm, key, stop: stopwords.has(norm) || stopwords.has(norm0), idVocab: null, id: -1 };
      cache.set(raw, t);
    }
    return t;
  }

  return {
    language: options.language,
    keyOf,
    tokens(text: string): Token[] {
      // One pass over the word regex, no intermediate word list: this is the hot path.
      const out: Token[] = [];
      const re = WORD_PATTERN;
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const t = analyzeWord(m[0]);
        out.push({ norm: t.norm, key: t.key, start: m.index, end: m.index + m[0].length, stop: t.stop, word: t });
      }
      return out;
    },
  };
}
