// `npm run seed [-- --items N --flags N --narratives N --feeds N --days N]`: fills the empty
// database at DATABASE_URL with a year of synthetic data for the API bench.
import { parseArgs } from 'node:util';
import { loadConfig } from '@narmon/shared';
import { assertDbReachable, createDb } from '@narmon/shared/db';
import { FULL_SIZE, seedVolume } from './volume.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string' }, flags: { type: 'string' }, narratives: { type: 'string' }, feeds: { type: 'string' }, days: { type: 'string' },
  },
});
const num = (v: string | undefined, d: number) => (v === undefined ? d : Math.max(1, Number.parseInt(v, 10) || d));
const size = {
  items: num(values.items, FULL_SIZE.items), flags: num(values.flags, FULL_SIZE.flags), narratives: num(values.narratives, FULL_SIZE.narratives),
  feeds: num(values.feeds, FULL_SIZE.feeds), days: num(values.days, FULL_SIZE.days),
};
const config = loadConfig();
const db = createDb(config.DATABASE_URL, { max: 1 });
try {
  await assertDbReachable(db, config.DATABASE_URL);
  console.log(`seeding ${JSON.stringify(size)}`);
  const report = await seedVolume(db, size, (l) => console.log(l));
  console.log(`seeded in ${report.total.toFixed(1)} s`);
} finally {
  await db.destroy();
}
