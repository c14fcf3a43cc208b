import type { Fingerprint, FingerprintInput } from '@narmon/schemas';
import { AnalyzerSet, buildMatcherIndex, matchItem, type Analyzer } from '../../pipeline/analyze/index.js';
import { parseFingerprint } from '../parse.js';
import { BACKGROUND_CORPUS } from './background-corpus.js';

export interface LearnExample {
  text: string;
  /** ISO 639-3; detected when absent. */
  language?: string | null;
}

export interface LearnOptions {
  id: string;
  title: string;
  examples: LearnExample[];
  /** Texts the narrative must be told apart from; the built-in general background when absent. */
  background?: LearnExample[];
  /** Language of examples that do not name one (the CLI passes the configured language detector). */
  detectLanguage?: (text: string) => string;
  /** Most terms and phrases proposed per language. */
  maxTerms?: number;
  maxPhrases?: number;
  analyzers?: AnalyzerSet;
  /**
   * The library the draft will join. Its thresholds are then calibrated at the rarity its terms
   * will have there (a term many narratives share weighs less): calibrated alone, a draft whose
   * words the library already uses would set thresholds its own examples no longer reach.
   */
  library?: Fingerprint[];
  /** Time stamp written into provenance (tests pass a fixed one). */
  now?: Date;
}

export class LearnError extends Error {
  readonly code = 'learn-input';
}

interface DocStats {
  docs: number;
  df: Map<string, number>;
}

interface ExampleStats extends DocStats {
  /** Most frequent surface form per key, written into the fingerprint. */
  surface: Map<string, Map<string, number>>;
}

/**
 * Proposes a draft fingerprint from example texts: per language, the words and two-word phrases
 * whose share of examples most exceeds their share of background texts (smoothed log-odds of
 * document frequencies, weighted by how often they occur in the examples). Thresholds come from
 * scoring the examples against the draft. The result is valid against the fingerprint schema.
 */
export function learnFingerprint(options: LearnOptions): FingerprintInput {
  const analyzers = options.analyzers ?? new AnalyzerSet();
  // The draft takes the place of any fingerprint with its id; retired ones do not count.
  const library = (options.library ?? []).filter((f) => f.id !== options.id && f.status !== 'retired');
  const maxTerms = options.maxTerms ?? 30;
  const maxPhrases = options.maxPhrases ?? 8;
  const withLanguage = (xs: LearnExample[]) => xs.filter((x) => typeof x.text === 'string' && x.text.trim()).map((x) => {
    const language = x.language || options.detectLanguage?.(x.text) || 'und';
    return { text: x.text, language };
  });
  const examples = withLanguage(options.examples).filter((x) => x.language !== 'und');
  if (examples.length === 0) throw new LearnError('no usable examples (each line needs "text", and a "language" or a detectable language)');
  const background = options.background ? withLanguage(options.background) : null;

  const languages: NonNullable<FingerprintInput['languages']> = {};
  const byLanguage = groupBy(examples, (x) => x.language);
  const titleLanguage = [...byLanguage.entries()].sort((a, b) => b[1].length - a[1].length)[0]![0];
  for (const [language, exs] of byLanguage) {
    const analyzer = analyzers.get(language);
    const ex = exampleStats(exs.map((x) => x.text), analyzer);
    const bg = background
      ? exampleStats(background.filter((b) => b.language === language).map((b) => b.text), analyzer)
      : builtInBackground(language, analyzer);
    if (background) {
      // General language stays background even when the analyst supplies a corpus of their own.
      const b2 = builtInBackground(language, analyzer);
      bg.docs += b2.docs;
      for (const [k, v] of b2.df) bg.df.set(k, (bg.df.get(k) ?? 0) + v);
    }
    const terms = distinctive(ex, bg, 'w:', maxTerms).map(({ key, weight }) => ({ t: termText(key.slice(2), ex, analyzer, language), w: weight }));
    if (language === titleLanguage) addTitleTerms(terms, options.title, analyzer);
    const phrases = distinctive(ex, bg, 'p:', maxPhrases, 2).map(({ key, weight }) => ({ p: mostFrequent(ex.surface.get(key)) ?? key.slice(2), w: Math.min(10, round1(weight + 1)) }));
    if (terms.length + phrases.length > 0) languages[language] = { terms, phrases, exclude: [] };
  }
  if (Object.keys(languages).length === 0) throw new LearnError('no distinctive terms found in the examples');

  const draft: FingerprintInput = {
    id: options.id,
    version: 1,
    status: 'draft',
    title: { [titleLanguage]: options.title },
    summary: {},
    languages,
    entities: [],
    exemplars: examples.slice(0, 3).map((x) => ({ text: x.text.slice(0, 1000), language: x.language })),
    match: { minScore: 3, minCoverage: 0.1, minTerms: 2 },
    disarm: [],
    tlp: 'amber',
    tags: [],
    refs: [],
    provenance: {
      source: 'narmon narratives learn',
      created: (options.now ?? new Date()).toISOString(),
      note: `learned from ${examples.length} example(s) (${[...byLanguage].map(([l, xs]) => `${l} ${xs.length}`).join(', ')}) against ${background ? `${background.length} background text(s)` : 'the built-in general background'}; thresholds calibrated ${library.length ? `among ${library.length} fingerprint(s) of the library` : 'on the draft alone'}; review terms, weights and thresholds before activating`,
    },
  };
  draft.match = calibrate(draft, examples, analyzers, library);
  // The learner's output is a contract: fail here rather than print a document the schema rejects.
  parseFingerprint(draft, `learned fingerprint "${options.id}"`);
  return draft;
}

/** The analyst's title names the narrative: its content words join the terms (or weigh more). */
function addTitleTerms(terms: Array<{ t: string; w: number }>, title: string, analyzer: Analyzer): void {
  const byKey = new Map(terms.map((x) => [analyzer.tokens(x.t.replace(/\*$/, ''))[0]?.key, x]));
  for (const tok of analyzer.tokens(title)) {
    if (tok.stop || tok.norm.length < 2 || /^\p{N}+$/u.test(tok.norm)) continue;
    const existing = byKey.get(tok.key);
    if (existing) existing.w = Math.min(10, round1(existing.w + 1));
    else {
      const added = { t: tok.key === tok.norm || analyzer.keyOf(tok.norm) === tok.key ? tok.norm : tok.norm.toUpperCase(), w: 3 };
      terms.push(added);
      byKey.set(tok.key, added);
    }
  }
}

function exampleStats(texts: string[], analyzer: Analyzer): ExampleStats {
  const df = new Map<string, number>();
  const surface = new Map<string, Map<string, number>>();
  for (const text of texts) {
    const content = analyzer.tokens(text).filter((t) => !t.stop && t.norm.length > 1 && !/^\p{N}+$/u.test(t.norm));
    const seen = new Set<string>();
    for (let i = 0; i < content.length; i++) {
      const t = content[i]!;
      note(`w:${t.key}`, t.norm);
      const next = content[i + 1];
      // Only adjacent words (no punctuation-free gap check: the analyzer drops punctuation).
      if (next && next.start - t.end <= 2) note(`p:${t.key} ${next.key}`, `${t.norm} ${next.norm}`);
    }
    for (const k of seen) df.set(k, (df.get(k) ?? 0) + 1);
    function note(key: string, form: string) {
      seen.add(key);
      const forms = surface.get(key) ?? new Map<string, number>();
      surface.set(key, forms);
      forms.set(form, (forms.get(form) ?? 0) + 1);
    }
  }
  return { docs: texts.length, df, surface };
}

function builtInBackground(language: string, analyzer: Analyzer): DocStats {
  const corpus = BACKGROUND_CORPUS[language];
  const df = new Map<string, number>();
  if (!corpus) return { docs: 0, df };
  for (const [norm, n] of Object.entries(corpus.df)) {
    const key = `w:${analyzer.keyOf(norm)}`;
    df.set(key, Math.min(corpus.docs, (df.get(key) ?? 0) + n));
  }
  return { docs: corpus.docs, df };
}

/**
 * Ranks keys by p_ex x log(p_ex / p_bg) (smoothed document proportions): frequent in the examples
 * and rarer in the background. The weight (1..5) is the log-ratio, so generic words weigh little.
 */
function distinctive(ex: ExampleStats, bg: DocStats, prefix: string, max: number, minDocs = 1): Array<{ key: string; weight: number }> {
  const need = minDocs;
  const out: Array<{ key: string; weight: number; score: number }> = [];
  for (const [key, n] of ex.df) {
    if (!key.startsWith(prefix) || n < need) continue;
    const pEx = (n + 0.5) / (ex.docs + 1);
    const pBg = ((bg.df.get(key) ?? 0) + 0.5) / (bg.docs + 1);
    const ratio = Math.log(pEx / pBg);
    if (ratio < Math.log(2)) continue;
    out.push({ key, weight: Math.min(5, Math.max(0.5, round1(ratio))), score: pEx * ratio });
  }
  return out.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1)).slice(0, max).map(({ key, weight }) => ({ key, weight }));
}

/** Writes a key back as a word the analyzer maps to the same key; Latvian gets a prefix term for its light stemmer. */
function termText(key: string, ex: ExampleStats, analyzer: Analyzer, language: string): string {
  const form = mostFrequent(ex.surface.get(`w:${key}`)) ?? key;
  if (analyzer.keyOf(form) !== key && form === key) return form.toUpperCase(); // an acronym kept whole (НАТО)
  if (language === 'lav' && key.length >= 4 && key !== form) return `${key}*`;
  return form;
}

/**
 * Thresholds from the examples themselves: most examples should flag against the draft, scored
 * among the library it will join (so at the rarity its terms will have there).
 */
function calibrate(draft: FingerprintInput, examples: Array<{ text: string; language: string }>, analyzers: AnalyzerSet, library: Fingerprint[]): NonNullable<FingerprintInput['match']> {
  const loose = parseFingerprint({ ...draft, status: 'active', match: { minScore: 0, minCoverage: 0, minTerms: 1 } }, 'draft');
  const index = buildMatcherIndex([...library, loose], { analyzers });
  const scores: number[] = [];
  const coverages: number[] = [];
  for (const x of examples) {
    // At loose thresholds the draft flags on any term, so it is among the flags when it matches.
    const m = matchItem(index, { text: x.text, language: x.language }).find((r) => r.narrative === loose.id);
    scores.push(m?.score ?? 0);
    coverages.push(m?.coverage ?? 0);
  }
  const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))] ?? 0;
  return {
    minScore: Math.max(1, round1(q(scores, 0.2) * 0.5)),
    minCoverage: Math.min(0.15, Math.max(0.02, round2(q(coverages, 0.2) * 0.5))),
    minTerms: 2,
  };
}

function mostFrequent(m: Map<string, number> | undefined): string | undefined {
  if (!m) return undefined;
  let best: string | undefined;
  let n = -1;
  for (const [k, v] of m) if (v > n) { best = k; n = v; }
  return best;
}

function groupBy<T>(xs: T[], keyOf: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = keyOf(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;
