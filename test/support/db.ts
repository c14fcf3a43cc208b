import { randomBytes } from 'node:crypto';
import { createDb, type Db } from '../../shared/src/db/index.js';
import { dbUrl, withAdmin } from './pg-admin.js';

export interface TestDatabase {
  name: string;
  url: string;
  db: Db;
  /** Destroys the pool and drops the database. */
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file (cloned from the run's template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.NARMON_TEST_TEMPLATE_DB;
  if (!template) throw new Error('NARMON_TEST_TEMPLATE_DB is not set: run the tests through jest (globalSetup)');
  const name = `narmon_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(async (c) => {
    // Two clones of one template at the same moment can collide; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        return;
      } catch (err) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  });
  const url = dbUrl(name);
  const db = createDb(url, { max: 5 });
  return {
    name,
    url,
    db,
    async drop() {
      await db.destroy();
      await withAdmin(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}
