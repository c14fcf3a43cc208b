// Language detection: texts/s for eld and franc on dev.jsonl (all texts, and <=40 characters
// separately) and the resident memory each adds, every detector in a fresh child process so one
// model's memory never counts towards the other.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const RUN_TS = fileURLToPath(new URL('../../bin/run-ts.mjs', import.meta.url));
const CHILD = fileURLToPath(new URL('./language.child.ts', import.meta.url));

interface Measure { mode: string; loadMs: number; rssBeforeMb: number; rssDeltaMb: number; rssAfterRunMb: number; textsPerSec: number; shortTextsPerSec: number }

async function measure(mode: string): Promise<Measure> {
  const { stdout } = await execFileAsync(process.execPath, ['--expose-gc', RUN_TS, CHILD, mode], { env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Measure;
}

export async function run(): Promise<void> {
  const rows: Measure[] = [];
  for (const mode of ['eld', 'franc', 'module']) rows.push(await measure(mode));
  const f = (x: number, d = 0) => x.toFixed(d);
  console.log('| detector | load ms | RSS added MB | RSS after run MB | texts/s (all 5,457) | texts/s (<=40 chars) |');
  console.log('|---|---|---|---|---|---|');
  for (const m of rows) {
    const name = m.mode === 'module' ? 'pipeline module as imported today (eld, both models loaded)' : m.mode;
    console.log(`| ${name} | ${f(m.loadMs)} | ${f(m.rssDeltaMb, 1)} | ${f(m.rssAfterRunMb, 1)} | ${f(m.textsPerSec)} | ${f(m.shortTextsPerSec)} |`);
  }
  const [eld, franc] = rows as [Measure, Measure];
  console.log(`eld/franc: ${f(eld.textsPerSec / franc.textsPerSec, 2)}x the throughput (all texts), ${f(eld.shortTextsPerSec / franc.shortTextsPerSec, 2)}x on short texts, ${f(eld.rssDeltaMb / franc.rssDeltaMb, 1)}x the memory`);
}
