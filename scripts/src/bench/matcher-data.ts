// The matcher bench's data: EUvsDisinfo cases as items and one-sentence fingerprint libraries
// (../shared/reference/narratives, read at run time only; nothing of it ships).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Fingerprint } from '@narmon/schemas';
import { parseFingerprint } from '@narmon/shared/narratives';
import type { AnalyzerSet } from '@narmon/shared/pipeline/analyze';
import type { AnalyzableItem } from '@narmon/shared';

const REF = resolve(process.cwd(), process.env.NARMON_NARRATIVES_REF ?? '../shared/reference/narratives');
/** Matched words a title fingerprint needs to flag (NARMON_BENCH_MIN_TERMS, default 2). */
export const MIN_TERMS = Number(process.env.NARMON_BENCH_MIN_TERMS ?? 2);

function readJsonl<T>(file: string): T[] {
  return readFileSync(resolve(REF, file), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}

export interface MatcherBenchData {
  /** 1,000 cases as items: title + summary, English. */
  items: AnalyzableItem[];
  /** Distinct titles, then sentences of the summaries and disproofs of cases not used as items. */
  sentences: string[];
}

export function loadMatcherBenchData(): MatcherBenchData {
  const cases = readJsonl<{ title: string; summary: string; disproof: string }>('euvsdisinfo_cases_2015-2017.jsonl').filter((c) => c.summary);
  const split = (t: string) => (t ?? '').split(/(?<=[.!?])\s+/);
  const sentences = [...new Set([
    ...cases.map((c) => c.title),
    ...readJsonl<{ title: string }>('euvsdisinfo_titles_2015-2018.jsonl').map((t) => t.title),
    ...cases.slice(1000).flatMap((c) => split(c.summary)),
    ...cases.slice(1000).flatMap((c) => split(c.disproof)),
  ].filter((t) => t.length > 20))];
  const items: AnalyzableItem[] = cases.slice(0, 1000).map((c) => ({ title: c.title, text: c.summary, language: 'eng' }));
  return { items, sentences };
}

/**
 * One fingerprint per source sentence: real claim-like wording, weight 1 per content word (at
 * most 12), flagging at minScore 1, minCoverage 0.5 and MIN_TERMS matched words.
 */
export function library(size: number, sentences: string[], analyzers: AnalyzerSet): { fps: Fingerprint[]; words: string[][] } {
  const eng = analyzers.get('eng');
  const wordsOf = sentences.map((t) => [...new Map(eng.tokens(t).filter((x) => !x.stop && x.norm.length > 2 && !/^\d+$/.test(x.norm)).map((x) => [x.key, x.norm])).values()])
    .filter((w) => w.length >= 2);
  const fps: Fingerprint[] = [];
  const words: string[][] = [];
  for (let i = 0; fps.length < size; i++) {
    const base = wordsOf[i % wordsOf.length]!;
    if (i >= wordsOf.length) throw new Error(`only ${wordsOf.length} source sentences for a library of ${size}`);
    const w = base.slice(0, 12);
    words.push(w);
    fps.push(parseFingerprint({
      id: `bench-${i}`, status: 'active', title: { eng: w.join(' ') },
      languages: { eng: { terms: w.map((t) => ({ t, w: 1 })) } },
      match: { minScore: 1, minCoverage: 0.5, minTerms: MIN_TERMS },
    }, `bench-${i}`));
  }
  return { fps, words };
}
