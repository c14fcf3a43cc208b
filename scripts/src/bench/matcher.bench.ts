// Matcher throughput: items/s through the whole analyze stage (normalise, tokenize, stem, presearch,
// verify) at 10, 100, 1,000 and 10,000 narratives, against the PostgreSQL full-text baseline (one
// tsquery per narrative, `@@`) in the same run. Items and libraries come from EUvsDisinfo
// (../shared/reference/narratives, read at run time only).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import type { Fingerprint } from '@narmon/schemas';
import { parseFingerprint } from '@narmon/shared/narratives';
import { AnalyzerSet, buildMatcherIndex, matchItem, matchItemByScan, type MatcherIndex } from '@narmon/shared/pipeline/analyze';
import type { AnalyzableItem } from '@narmon/shared';

const REF = resolve(process.cwd(), process.env.NARMON_NARRATIVES_REF ?? '../shared/reference/narratives');
const ADMIN_URL = process.env.NARMON_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SIZES = [10, 100, 1000, 10000];
/** Matched words a title fingerprint needs to flag (NARMON_BENCH_MIN_TERMS, default 2). */
const MIN_TERMS = Number(process.env.NARMON_BENCH_MIN_TERMS ?? 2);

function readJsonl<T>(file: string): T[] {
  return readFileSync(resolve(REF, file), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}

/**
 * One fingerprint per source sentence (distinct titles first, then sentences of the summaries
 * and disproofs of cases not used as items): real claim-like wording, weight 1 per content word.
 */
export function library(size: number, titles: string[], analyzers: AnalyzerSet): { fps: Fingerprint[]; words: string[][] } {
  const eng = analyzers.get('eng');
  const wordsOf = titles.map((t) => [...new Map(eng.tokens(t).filter((x) => !x.stop && x.norm.length > 2 && !/^\d+$/.test(x.norm)).map((x) => [x.key, x.norm])).values()])
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

function itemsPerSecond(index: MatcherIndex, items: AnalyzableItem[], minMs = 1500): { rate: number; flags: number; returned: number } {
  let flags = 0;
  let returned = 0;
  for (const it of items.slice(0, 200)) matchItem(index, it); // warm the stem cache and the JIT
  const start = process.hrtime.bigint();
  let n = 0;
  let elapsed = 0;
  do {
    for (const it of items) {
      const ms = matchItem(index, it);
      returned += ms.length;
      for (const m of ms) if (m.flagged) flags++;
    }
    n += items.length;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  } while (elapsed < minMs);
  return { rate: (n / elapsed) * 1000, flags: flags / n, returned: returned / n };
}

/**
 * Items on which matchItem (presearch, block table) and matchItemByScan (every block through the
 * general verifier) return the same flags, explanations included.
 */
function sameFlagsAsScan(index: MatcherIndex, items: AnalyzableItem[]): number {
  const flagged = (ms: ReturnType<typeof matchItem>) => JSON.stringify(ms.filter((m) => m.flagged).sort((a, b) => (a.narrative < b.narrative ? -1 : 1)));
  return items.filter((it) => flagged(matchItem(index, it)) === flagged(matchItemByScan(index, it))).length;
}

async function postgresBaseline(items: AnalyzableItem[], libs: Map<number, string[][]>): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const name = `narmon_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const c = new pg.Client({ connectionString: url.toString() });
  try {
    await c.connect();
    await c.query('CREATE TABLE docs (id int PRIMARY KEY, body text NOT NULL, tsv tsvector NOT NULL)');
    await c.query('CREATE TABLE narratives (id int PRIMARY KEY, q tsquery NOT NULL)');
    for (let i = 0; i < items.length; i += 200) {
      const batch = items.slice(i, i + 200);
      await c.query(
        'INSERT INTO docs (id, body, tsv) SELECT i, b, to_tsvector(\'english\', b) FROM unnest($1::int[], $2::text[]) AS u(i, b)',
        [batch.map((_, k) => i + k), batch.map((it) => `${it.title ?? ''}\n${it.text}`)],
      );
    }
    for (const [size, words] of libs) {
      await c.query('TRUNCATE narratives');
      // Each narrative's terms ORed: the query finds every document sharing a word with it.
      await c.query(
        'INSERT INTO narratives (id, q) SELECT i, to_tsquery(\'english\', t) FROM unnest($1::int[], $2::text[]) AS u(i, t)',
        [words.map((_, i) => i), words.map((w) => w.map((x) => x.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean).join(' | '))],
      );
      await c.query('ANALYZE');
      // Fewer documents for large libraries keep the run short; the rate is per document either way.
      // Best of two runs: the baseline gets the benefit of any noise.
      const docs = Math.min(items.length, Math.max(200, Math.round(1_000_000 / size)));
      let best = 0;
      for (let run = 0; run < 2; run++) {
        const start = process.hrtime.bigint();
        await c.query('SELECT d.id, n.id FROM docs d JOIN narratives n ON d.tsv @@ n.q WHERE d.id < $1', [docs]);
        best = Math.max(best, docs / (Number(process.hrtime.bigint() - start) / 1e9));
      }
      out.set(size, best);
    }
  } finally {
    await c.end().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
  return out;
}

export async function run(): Promise<void> {
  const cases = readJsonl<{ title: string; summary: string; disproof: string }>('euvsdisinfo_cases_2015-2017.jsonl').filter((c) => c.summary);
  const sentences = (t: string) => (t ?? '').split(/(?<=[.!?])\s+/);
  const titles = [...new Set([
    ...cases.map((c) => c.title),
    ...readJsonl<{ title: string }>('euvsdisinfo_titles_2015-2018.jsonl').map((t) => t.title),
    ...cases.slice(1000).flatMap((c) => sentences(c.summary)),
    ...cases.slice(1000).flatMap((c) => sentences(c.disproof)),
  ].filter((t) => t.length > 20))];
  const items: AnalyzableItem[] = cases.slice(0, 1000).map((c) => ({ title: c.title, text: c.summary, language: 'eng' }));
  const chars = items.reduce((s, it) => s + it.text.length + (it.title?.length ?? 0), 0) / items.length;
  console.log(`fingerprints: content words of one sentence each, weight 1, flag at minScore 1, minCoverage 0.5, minTerms ${MIN_TERMS}`);
  console.log(`items: ${items.length} EUvsDisinfo cases (title + summary, ${Math.round(chars)} characters on average); libraries from ${titles.length} distinct titles and summary/disproof sentences`);

  const analyzers = new AnalyzerSet();
  const rates = new Map<number, { rate: number; flags: number; returned: number; buildMs: number }>();
  const libs = new Map<number, string[][]>();
  for (const size of SIZES) {
    const { fps, words } = library(size, titles, analyzers);
    libs.set(size, words);
    const t0 = performance.now();
    // A fresh analyzer set per library: every size pays for its own stemming, cold caches included in the warm-up.
    const index = buildMatcherIndex(fps, { analyzers: new AnalyzerSet() });
    const buildMs = performance.now() - t0;
    rates.set(size, { ...itemsPerSecond(index, items), buildMs });
    // The scan verifies every block: 300 items at 1,000 narratives, 100 at 10,000 keep it short.
    const checkItems = size === 1000 ? items.slice(0, 300) : size === 10000 ? items.slice(0, 100) : [];
    if (checkItems.length) {
      console.log(`presearch vs full scan at ${size.toLocaleString('en')} narratives: identical flags and explanations on ${sameFlagsAsScan(index, checkItems)}/${checkItems.length} items`);
    }
  }

  let baseline = new Map<number, number>();
  let baselineError: string | null = null;
  try {
    baseline = await postgresBaseline(items, libs);
  } catch (err) {
    baselineError = (err as Error).message;
  }

  console.log('\n| narratives | index build ms | narmon items/s | flags/item | matches returned/item | PostgreSQL @@ docs/s | ratio |');
  console.log('|---|---|---|---|---|---|---|');
  for (const size of SIZES) {
    const r = rates.get(size)!;
    const b = baseline.get(size);
    console.log(`| ${size.toLocaleString('en')} | ${r.buildMs.toFixed(0)} | ${Math.round(r.rate).toLocaleString('en')} | ${r.flags.toFixed(2)} | ${r.returned.toFixed(2)} | ${b ? Math.round(b).toLocaleString('en') : 'n/a'} | ${b ? `${(r.rate / b).toFixed(1)}x` : 'n/a'} |`);
  }
  const slowdown = rates.get(10)!.rate / rates.get(10000)!.rate;
  console.log(`\n10 -> 10,000 narratives: ${slowdown.toFixed(2)}x slower`);
  if (baselineError) console.log(`PostgreSQL baseline skipped: ${baselineError}`);
}
