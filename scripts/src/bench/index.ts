// `npm run bench`: runs every scripts/src/bench/*.bench.ts in turn (or those named on the
// command line), each printing its own throughput table and ratios.
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort()
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)));

for (const file of files) {
  console.log(`\n=== ${file.replace(/\.bench\.ts$/, '')} ===`);
  const mod = await import(pathToFileURL(join(here, file)).href) as { run?: () => Promise<void> };
  if (typeof mod.run !== 'function') throw new Error(`${file} does not export run()`);
  await mod.run();
}
