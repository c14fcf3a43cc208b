/**
 * Accuracy of a language detector on labelled texts, by language, by length bucket, with the
 * confusion pairs and a calibration table. Shared by `npm run eval:language` and the accuracy
 * test, so both measure the same thing.
 */
import type { LanguageDetector } from './detector.js';
import { LANGUAGE_SCRIPTS } from './script-router.js';

export interface LabelledText {
  lang: string;
  text: string;
}

/** Length buckets in JavaScript characters (UTF-16 code units), as the issue and dev.jsonl define them. */
export const LENGTH_BUCKETS = ['<=40', '41-120', '121-400', '>400'] as const;
export type LengthBucket = (typeof LENGTH_BUCKETS)[number];

export function lengthBucket(text: string): LengthBucket {
  const n = text.length;
  return n <= 40 ? '<=40' : n <= 120 ? '41-120' : n <= 400 ? '121-400' : '>400';
}

export interface Tally {
  right: number;
  total: number;
}

/** Upper bounds of the calibration bins: a confidence c goes to the first bin with c <= bound. */
export const CONFIDENCE_BINS = [0.5, 0.7, 0.9, 0.99, 1] as const;

export interface LanguageEvaluation {
  detector: string;
  overall: Tally;
  byLanguage: Record<string, Tally>;
  byBucket: Record<LengthBucket, Tally>;
  byLanguageAndBucket: Record<string, Record<LengthBucket, Tally>>;
  /** "gold->detected" -> count, most frequent first. */
  confusions: Array<[string, number]>;
  /** Per CONFIDENCE_BINS bound: how many answers had that confidence and how many were right. */
  calibration: Array<{ upTo: number } & Tally>;
  /** Texts whose candidates (the blocks the matcher scores) include the right language. */
  candidateRecall: Tally;
  /** Texts that got two candidates (a close call). */
  closeCalls: number;
}

const emptyTally = (): Tally => ({ right: 0, total: 0 });
const emptyBuckets = () => Object.fromEntries(LENGTH_BUCKETS.map((b) => [b, emptyTally()])) as Record<LengthBucket, Tally>;

function count(t: Tally, right: boolean): void {
  t.total++;
  if (right) t.right++;
}

export interface EvaluationOptions {
  /** A declared language per text, to measure the prior rules (e.g. the gold label, or a wrong one). */
  declared?: (row: LabelledText) => string | null;
}

export function evaluateLanguageDetector(detector: LanguageDetector, rows: readonly LabelledText[], options: EvaluationOptions = {}): LanguageEvaluation {
  const e: LanguageEvaluation = {
    detector: detector.name, overall: emptyTally(), byLanguage: {}, byBucket: emptyBuckets(), byLanguageAndBucket: {},
    confusions: [], calibration: CONFIDENCE_BINS.map((upTo) => ({ upTo, ...emptyTally() })), candidateRecall: emptyTally(), closeCalls: 0,
  };
  const confusions = new Map<string, number>();
  for (const row of rows) {
    const r = detector.detect(row.text, { declared: options.declared?.(row) ?? null });
    const right = r.language === row.lang;
    const bucket = lengthBucket(row.text);
    count(e.overall, right);
    count((e.byLanguage[row.lang] ??= emptyTally()), right);
    count(e.byBucket[bucket], right);
    count(((e.byLanguageAndBucket[row.lang] ??= emptyBuckets())[bucket]), right);
    const bin = e.calibration.find((b) => r.confidence <= b.upTo);
    if (bin) count(bin, right);
    count(e.candidateRecall, r.candidates.includes(row.lang));
    if (r.candidates.length > 1) e.closeCalls++;
    if (!right) confusions.set(`${row.lang}->${r.language}`, (confusions.get(`${row.lang}->${r.language}`) ?? 0) + 1);
  }
  e.confusions = [...confusions].sort((a, b) => b[1] - a[1]);
  return e;
}

/**
 * A wrong declaration that is hard to catch: the next configured language written in the same
 * script (rus -> ukr, lav -> lit), as a feed declaring its sister language would.
 */
export function sameScriptWrongLanguage(languages: readonly string[]): (row: LabelledText) => string | null {
  return (row) => {
    const script = LANGUAGE_SCRIPTS[row.lang];
    const same = languages.filter((l) => LANGUAGE_SCRIPTS[l] === script);
    return same.length < 2 ? null : same[(same.indexOf(row.lang) + 1) % same.length] ?? null;
  };
}

export function accuracy(t: Tally): number {
  return t.total === 0 ? Number.NaN : t.right / t.total;
}
