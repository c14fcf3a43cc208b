// Runs outside jest's module system, so it loads our TypeScript through tsx.
import { randomBytes } from 'node:crypto';
import { tsImport } from 'tsx/esm/api';
import pg from 'pg';

const ADMIN = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

// Migrate once into a template database named for this run, so parallel runs never share one.
export default async function globalSetup() {
  const name = `narmon_tpl_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const { createDb, migrateToLatest } = await tsImport('../../shared/src/db/index.ts', import.meta.url);
  const url = new URL(ADMIN);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { max: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  process.env.NARMON_TEST_TEMPLATE_DB = name;
}
