// Times searchItems directly (no HTTP) on DATABASE_URL: a quick check of the windowed search on any data order.
import { createDb, itemQueryRepository, migrateToLatest } from '@narmon/shared/db';

const db = createDb(process.env.DATABASE_URL!, { max: 1 });
await migrateToLatest(db);
for (const q of ['sanctions', 'санкции', 'Igaunija', 'biolabs', 'vēlēšanas', 'nonexistentword', 'sanctions -refugees']) {
  const times: number[] = [];
  let n = 0;
  for (let k = 0; k < 15; k++) {
    const t = process.hrtime.bigint();
    n = (await itemQueryRepository.searchItems(db, { q })).rows.length;
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`${q.padEnd(22)} rows ${String(n).padStart(3)}  p50 ${times[7]!.toFixed(1)} ms  max ${times[14]!.toFixed(1)} ms`);
}
await db.destroy();
