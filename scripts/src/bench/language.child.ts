// One language detector measured alone in its own process (spawned by language.bench.ts):
// resident memory before and after loading it, then throughput over dev.jsonl. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_LANGUAGES } from '../../../shared/src/pipeline/language/codes.js';
import { detectWithScorer } from '../../../shared/src/pipeline/language/pipeline.js';
import type { LanguageScorer } from '../../../shared/src/pipeline/language/ranking.js';

const mode = process.argv[2] as 'eld' | 'franc' | 'module';
const texts = readFileSync(resolve(process.cwd(), '../shared/fixtures/lang/dev.jsonl'), 'utf8')
  .split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { text: string }).text);
const short = texts.filter((t) => t.length <= 40);

const rss = () => { globalThis.gc?.(); return process.memoryUsage().rss; };
const before = rss();
const t0 = performance.now();
let detect: (text: string) => unknown;
if (mode === 'module') {
  // What a service pays today: the pipeline module as the app imports it.
  const { createLanguageDetector } = await import('../../../shared/src/pipeline/language/index.js');
  const d = createLanguageDetector({ languages: DEFAULT_LANGUAGES, detector: 'eld' });
  detect = (t) => d.detect(t);
} else {
  const scorer: LanguageScorer = mode === 'eld'
    ? (await import('../../../shared/src/pipeline/language/eld-scorer.js')).createEldScorer(DEFAULT_LANGUAGES)
    : (await import('../../../shared/src/pipeline/language/franc-scorer.js')).createFrancScorer();
  detect = (t) => detectWithScorer(scorer, DEFAULT_LANGUAGES, t, {});
}
detect('warm up'); // first call pays any lazy set-up
const loadMs = performance.now() - t0;
const loaded = rss();

function throughput(sample: string[], minMs = 1500): number {
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) for (const t of sample) { detect(t); n++; }
  return n / ((performance.now() - start) / 1000);
}
for (const t of texts) detect(t); // warm the JIT on the real mix
const all = throughput(texts);
const shortOnly = throughput(short);
console.log(JSON.stringify({ mode, loadMs, rssBeforeMb: before / 2 ** 20, rssDeltaMb: (loaded - before) / 2 ** 20, rssAfterRunMb: rss() / 2 ** 20, textsPerSec: all, shortTextsPerSec: shortOnly }));
