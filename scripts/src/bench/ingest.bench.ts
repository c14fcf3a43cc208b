// decode + parse throughput on the largest documents of ../shared/fixtures/feeds (a developer
// checkout; the product never needs that folder).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { decodeFeedBody } from '@narmon/shared/pipeline/decode';
import { gunzipIfCompressed } from '@narmon/shared/pipeline/fetch';
import { parseFeedDocument } from '@narmon/shared/pipeline/parse';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : /\.(xml|rss|atom|rdf)$/.test(f) ? [p] : [];
  });
}

export async function run(): Promise<void> {
  const root = path.resolve(process.cwd(), '../shared/fixtures/feeds');
  const files = walk(root).map((p) => ({ p, size: statSync(p).size })).sort((a, b) => b.size - a.size).slice(0, 5);
  const rows: string[] = [];
  let totalBytes = 0;
  let totalMs = 0;
  for (const { p } of files) {
    const body = gunzipIfCompressed(readFileSync(p), 64 << 20);
    const once = async () => parseFeedDocument(decodeFeedBody(body, null), { feedUrl: 'https://bench.example/', fetchedAt: new Date() });
    const warm = await once();
    const rounds = Math.max(3, Math.ceil((8 << 20) / body.length));
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) await once();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    totalBytes += body.length * rounds;
    totalMs += ms;
    rows.push(`${path.relative(root, p).padEnd(44)} ${(body.length / 1024).toFixed(0).padStart(6)} KiB ${String(warm.items.length).padStart(5)} items ${((body.length * rounds) / (1 << 20) / (ms / 1000)).toFixed(2).padStart(7)} MB/s`);
  }
  console.log(rows.join('\n'));
  console.log(`decode+parse overall: ${(totalBytes / (1 << 20) / (totalMs / 1000)).toFixed(2)} MB/s over ${(totalBytes / (1 << 20)).toFixed(1)} MiB`);
}
