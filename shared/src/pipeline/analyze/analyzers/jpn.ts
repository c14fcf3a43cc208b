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
 * Japanese: natural's TokenizerJa (TinySegmenter) after normalizeJa, run by run of letters.
 * Offsets stay exact: where normalisation changed a run's length (half-width kana and their
 * sound marks, ㌔ -> キロ), a map from the normalised run back to the raw one (rawBoundaries)
 * places each segment and bigram. Character bigrams of the same runs back up the segmenter's recall.
 */
export function createJapaneseAnalyzer(): Analyzer {
  const segmenter = new TokenizerJa();
  const stopwords = stopwordsFor('jpn');
  const runCache = new Map<string, AnalysedRun>();
  const normalise = (raw: string) => normalizeWord(normalizeJa(raw));

  function analyseRun(raw: string): AnalysedRun {
    let r = runCache.get(raw);
    if (!r) {
      const norm = normalise(raw);
      r = {
        norm,
        segments: JAPANESE_SCRIPT.test(raw) ? segmenter.tokenize(norm).map((s) => s.trim()).filter(Boolean) : [norm],
        toRaw: norm.length === raw.length ? null : rawBoundaries(raw, norm, normalise),
      };
      if (runCache.size >= 100_000) runCache.clear();
      runCache.set(raw, r);
    }
    return r;
  }

  function segments(text: string): Segment[] {
    const out: Segment[] = [];
    for (const w of tokenizeWords(text)) {
      const run = analyseRun(w.raw);
      let cursor = 0;
      for (const s of run.segments) {
        const at = run.norm.indexOf(s, cursor);
        if (at < 0) {
          out.push({ text: s, start: w.start, end: w.end });
          continue;
        }
        out.push({ text: s, ...spanInRun(run, w.start, w.end, at, at + s.length) });
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
        const run = analyseRun(w.raw);
        const norm = run.norm;
        if (norm.length === 1) out.push({ gram: norm, start: w.start, end: w.end });
        for (let i = 0; i + 1 < norm.length; i++) out.push({ gram: norm.slice(i, i + 2), ...spanInRun(run, w.start, w.end, i, i + 2) });
        // A run boundary: sequences must not match across two runs.
        out.push({ gram: '', start: w.end, end: w.end });
      }
      return out;
    },
  };
}

interface AnalysedRun {
  norm: string;
  segments: string[];
  /** Raw offset of each boundary of norm (length norm.length + 1); null when normalising kept the length. */
  toRaw: { start: Int32Array; end: Int32Array } | null;
}

/** The raw characters behind norm[from, to) of a run that starts at runStart in the text. */
function spanInRun(run: AnalysedRun, runStart: number, runEnd: number, from: number, to: number): { start: number; end: number } {
  if (!run.toRaw) return { start: runStart + from, end: runStart + to };
  const start = run.toRaw.start[from]!;
  const end = run.toRaw.end[to]!;
  return end > start ? { start: runStart + start, end: runStart + end } : { start: runStart, end: runEnd };
}

/**
 * Where each boundary of a run's normal form falls in the raw run, from the normal forms of its
 * prefixes: a normalised character starts after the last raw prefix that produced fewer characters,
 * and ends with the last raw character that adds nothing (a sound mark joining the kana before it).
 * A character that became two (㌔ -> キロ) maps both halves to it. Null when the prefix lengths
 * do not grow steadily to the whole's (the caller then points at the whole run).
 */
function rawBoundaries(raw: string, norm: string, normalise: (s: string) => string): { start: Int32Array; end: Int32Array } | null {
  // n[i]: length of the normal form of raw[0, i), i over code point boundaries.
  const cuts: number[] = [0];
  for (const ch of raw) cuts.push(cuts[cuts.length - 1]! + ch.length);
  // Lengths only: a prefix ending in ｶ reads カ, where the whole run has ｶﾞ -> ガ.
  const len = cuts.map((c) => normalise(raw.slice(0, c)).length);
  if (len[len.length - 1] !== norm.length || len.some((l, i) => i > 0 && l < len[i - 1]!)) return null;
  const start = new Int32Array(norm.length + 1);
  const end = new Int32Array(norm.length + 1);
  for (let j = 0; j <= norm.length; j++) {
    // Start of normalised char j: the last cut whose prefix has at most j characters.
    let i = 0;
    while (i + 1 < cuts.length && len[i + 1]! <= j) i++;
    start[j] = cuts[i]!;
    // End at boundary j: the first cut with at least j characters, then past marks that add none.
    let k = 0;
    while (k < cuts.length - 1 && len[k]! < j) k++;
    while (k + 1 < cuts.length && len[k + 1] === len[k]) k++;
    end[j] = cuts[k]!;
  }
  return { start, end };
}
