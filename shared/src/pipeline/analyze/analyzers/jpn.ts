import { normalizeJa } from 'natural/lib/natural/normalizers/normalizer_ja.js';
import TokenizerJa from 'natural/lib/natural/tokenizers/tokenizer_ja.js';
import { normalizeWord } from '../normalize.js';
import { stopwordsFor } from '../stopwords/index.js';
import { tokenizeWords } from '../tokenize.js';
import type { Analyzer, Gram, Token } from './types.js';

const JAPANESE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ]/u;

interface Segment {
  text: string;
  start: number;
  end: number;
}

/**
 * Japanese: natural's TokenizerJa (TinySegmenter) after normalizeJa, run by run of letters so
 * offsets stay exact; when normalisation changed a run's length (half-width kana), the segments
 * point at the whole run. Character bigrams of the same runs back up the segmenter's recall.
 */
export function createJapaneseAnalyzer(): Analyzer {
  const segmenter = new TokenizerJa();
  const stopwords = stopwordsFor('jpn');
  const runCache = new Map<string, { norm: string; segments: string[] }>();

  function analyseRun(raw: string) {
    let r = runCache.get(raw);
    if (!r) {
      const norm = normalizeWord(normalizeJa(raw));
      r = { norm, segments: JAPANESE_SCRIPT.test(raw) ? segmenter.tokenize(norm).map((s) => s.trim()).filter(Boolean) : [norm] };
      if (runCache.size >= 100_000) runCache.clear();
      runCache.set(raw, r);
    }
    return r;
  }

  function segments(text: string): Segment[] {
    const out: Segment[] = [];
    for (const w of tokenizeWords(text)) {
      const { norm, segments: segs } = analyseRun(w.raw);
      if (norm.length !== w.raw.length) {
        for (const s of segs) out.push({ text: s, start: w.start, end: w.end });
        continue;
      }
      let cursor = 0;
      for (const s of segs) {
        const at = norm.indexOf(s, cursor);
        if (at < 0) {
          out.push({ text: s, start: w.start, end: w.end });
          continue;
        }
        out.push({ text: s, start: w.start + at, end: w.start + at + s.length });
        cursor = at + s.length;
      }
    }
    return out;
  }

  return {
    language: 'jpn',
    keyOf: (norm) => norm,
    tokens(text: string): Token[] {
      return segments(text).map((s) => ({ norm: s.text, key: s.text, start: s.start, end: s.end, stop: stopwords.has(s.text), word: null }));
    },
    grams(text: string): Gram[] {
      const out: Gram[] = [];
      for (const w of tokenizeWords(text)) {
        if (!JAPANESE_SCRIPT.test(w.raw)) continue;
        const { norm } = analyseRun(w.raw);
        const exact = norm.length === w.raw.length;
        if (norm.length === 1) out.push({ gram: norm, start: w.start, end: w.end });
        for (let i = 0; i + 1 < norm.length; i++) {
          out.push({ gram: norm.slice(i, i + 2), start: exact ? w.start + i : w.start, end: exact ? w.start + i + 2 : w.end });
        }
        // A run boundary: sequences must not match across two runs.
        out.push({ gram: '', start: w.end, end: w.end });
      }
      return out;
    },
  };
}
