// One library size of the matcher bench in its own process (spawned by matcher.bench.ts), so no
// size inherits another's JIT feedback or heap: a worker holds one library. Prints one JSON line.
import { AnalyzerSet, buildMatcherIndex, matchItem, matchItemByScan, type MatcherIndex } from '@narmon/shared/pipeline/analyze';
import type { AnalyzableItem } from '@narmon/shared';
import { library, loadMatcherBenchData } from './matcher-data.js';

const size = Number(process.argv[2]);
const checkItems = Number(process.argv[3] ?? 0);
const { items, sentences } = loadMatcherBenchData();
const { fps } = library(size, sentences, new AnalyzerSet());
const t0 = performance.now();
// A fresh analyzer set: the size pays for its own stemming, cold caches included in the warm-up.
const index = buildMatcherIndex(fps, { analyzers: new AnalyzerSet() });
const buildMs = performance.now() - t0;

/**
 * Items/s of one pass over the items (`pass` handles each item) in windows of at least minMs: the
 * median window, so a stray pause does not decide the figure.
 */
function medianRate(pass: () => void, count: number, windows: number, minMs = 300): number {
  const rates: number[] = [];
  for (let w = 0; w < windows; w++) {
    const start = process.hrtime.bigint();
    let n = 0;
    let elapsed = 0;
    do {
      pass();
      n += count;
      elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    } while (elapsed < minMs);
    rates.push((n / elapsed) * 1000);
  }
  return rates.sort((a, b) => a - b)[Math.floor(windows / 2)]!;
}

/** The whole analyze stage: items/s, and flags and matches returned per item. */
function itemsPerSecond(): { rate: number; flags: number; returned: number } {
  let flags = 0;
  let returned = 0;
  let total = 0;
  const pass = () => {
    for (const it of items) {
      const ms = matchItem(index, it);
      returned += ms.length;
      for (const m of ms) if (m.flagged) flags++;
    }
    total += items.length;
  };
  pass();
  pass(); // warm the stem cache and the JIT
  flags = returned = total = 0;
  const rate = medianRate(pass, items.length, 7);
  return { rate, flags: flags / total, returned: returned / total };
}

/**
 * The text analysis alone (normalise, tokenize, stem through the cache: what matchItem does before
 * it looks at the library), at the same rate measure, so the table can show what matching adds.
 */
function analysisOnlyPerSecond(): number {
  const eng = index.analyzers.get('eng');
  const texts = items.map((it) => `${it.title}\n${it.text}`);
  let tokens = 0;
  const pass = () => { for (const t of texts) tokens += eng.tokens(t).length; };
  pass();
  const rate = medianRate(pass, texts.length, 5);
  if (tokens === 0) throw new Error('no tokens');
  return rate;
}

/** Items on which matchItem (presearch, block table) and matchItemByScan (every block through the general verifier) give the same flags, explanations included. */
function sameFlagsAsScan(ix: MatcherIndex, sample: AnalyzableItem[]): number {
  const flagged = (ms: ReturnType<typeof matchItem>) => JSON.stringify(ms.filter((m) => m.flagged).sort((a, b) => (a.narrative < b.narrative ? -1 : 1)));
  return sample.filter((it) => flagged(matchItem(ix, it)) === flagged(matchItemByScan(ix, it))).length;
}

const result = { size, buildMs, ...itemsPerSecond(), analysisRate: analysisOnlyPerSecond(), ...(checkItems ? { checked: checkItems, sameAsScan: sameFlagsAsScan(index, items.slice(0, checkItems)) } : {}) };
console.log(JSON.stringify(result));
