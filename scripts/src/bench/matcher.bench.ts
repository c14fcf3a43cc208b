// Matcher throughput: items/s through the whole analyze stage (normalise, tokenize, stem, presearch,
// verify, explain) at 10, 100, 1,000 and 10,000 narratives, against the PostgreSQL full-text
// baseline (one tsquery per narrative, `@@`) in the same run. Each size runs in a fresh process
// (matcher.child.ts), ROUNDS times in turn; the table gives the median round and the spread.
// Items and libraries come from EUvsDisinfo (../shared/reference/narratives, read at run time only).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { AnalyzerSet } from '@narmon/shared/pipeline/analyze';
import type { AnalyzableItem } from '@narmon/shared';
import { library, loadMatcherBenchData, MIN_TERMS } from './matcher-data.js';

const execFileAsync = promisify(execFile);
const CHILD = fileURLToPath(new URL('./matcher.child.ts', import.meta.url));
const RUN_TS = fileURLToPath(new URL('../../bin/run-ts.mjs', import.meta.url));
const ADMIN_URL = process.env.NARMON_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SIZES = [10, 100, 1000, 10000];
/** Rounds over all sizes (NARMON_BENCH_ROUNDS, default 3): one process's JIT luck is not the figure. */
const ROUNDS = Number(process.env.NARMON_BENCH_ROUNDS ?? 3);
/** Items on which the first round checks presearch against a full scan: the scan verifies every block. */
const CHECK_ITEMS: Record<number, number> = { 1000: 300, 10000: 100 };

interface ChildResult { size: number; buildMs: number; rate: number; analysisRate: number; flags: number; returned: number; checked?: number; sameAsScan?: number }

async function measure(size: number, check: number): Promise<ChildResult> {
  const { stdout } = await execFileAsync(process.execPath, [RUN_TS, CHILD, String(size), String(check)], { env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as ChildResult;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

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
  const { items, sentences } = loadMatcherBenchData();
  const chars = items.reduce((s, it) => s + it.text.length + (it.title?.length ?? 0), 0) / items.length;
  console.log(`fingerprints: content words of one sentence each, weight 1, flag at minScore 1, minCoverage 0.5, minTerms ${MIN_TERMS}`);
  console.log(`items: ${items.length} EUvsDisinfo cases (title + summary, ${Math.round(chars)} characters on average); libraries from ${sentences.length} distinct titles and summary/disproof sentences`);
  console.log(`each size in a fresh process, ${ROUNDS} rounds in turn; items/s is the median window of a round, the table the median round`);

  const runs = new Map<number, ChildResult[]>(SIZES.map((s) => [s, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const size of SIZES) {
      const r = await measure(size, round === 0 ? CHECK_ITEMS[size] ?? 0 : 0);
      runs.get(size)!.push(r);
      if (r.checked) console.log(`presearch vs full scan at ${size.toLocaleString('en')} narratives: identical flags and explanations on ${r.sameAsScan}/${r.checked} items`);
    }
  }

  const analyzers = new AnalyzerSet();
  const libs = new Map(SIZES.map((size) => [size, library(size, sentences, analyzers).words]));
  let baseline = new Map<number, number>();
  let baselineError: string | null = null;
  try {
    baseline = await postgresBaseline(items, libs);
  } catch (err) {
    baselineError = (err as Error).message;
  }

  console.log('\n| narratives | index build ms | narmon items/s (median) | rounds | flags/item | matches returned/item | PostgreSQL @@ docs/s | ratio |');
  console.log('|---|---|---|---|---|---|---|---|');
  const rate = new Map<number, number>();
  for (const size of SIZES) {
    const rs = runs.get(size)!;
    rate.set(size, median(rs.map((r) => r.rate)));
    const b = baseline.get(size);
    const spread = rs.map((r) => Math.round(r.rate / 1000)).join(' / ');
    console.log(`| ${size.toLocaleString('en')} | ${median(rs.map((r) => r.buildMs)).toFixed(0)} | ${Math.round(rate.get(size)!).toLocaleString('en')} | ${spread} k | ${rs[0]!.flags.toFixed(2)} | ${rs[0]!.returned.toFixed(2)} | ${b ? Math.round(b).toLocaleString('en') : 'n/a'} | ${b ? `${(rate.get(size)! / b).toFixed(1)}x` : 'n/a'} |`);
  }
  const perRound = runs.get(10)!.map((r, i) => r.rate / runs.get(10000)![i]!.rate);
  console.log(`\n10 -> 10,000 narratives: ${(rate.get(10)! / rate.get(10000)!).toFixed(2)}x slower (medians; by round ${perRound.map((x) => x.toFixed(2)).join(', ')})`);
  // What the library adds per item: the whole stage minus the text analysis alone, both medians of the same processes.
  console.log('\n| narratives | µs/item, whole stage | of which text analysis | matching, explaining, ranking |');
  console.log('|---|---|---|---|');
  for (const size of SIZES) {
    const rs = runs.get(size)!;
    const whole = 1e6 / rate.get(size)!;
    const analysis = 1e6 / median(rs.map((r) => r.analysisRate));
    console.log(`| ${size.toLocaleString('en')} | ${whole.toFixed(1)} | ${analysis.toFixed(1)} | ${(whole - analysis).toFixed(1)} |`);
  }
  if (baselineError) console.log(`PostgreSQL baseline skipped: ${baselineError}`);
}
