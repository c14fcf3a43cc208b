import { Kysely, Migrator, PostgresDialect, type MigrationResultSet } from 'kysely';
import pg from 'pg';
import { DatabaseUnavailableError, redactUrl } from '../errors/index.js';
import { migrations } from './migrations/index.js';
import type { Database } from './types.js';

export type { Database } from './types.js';
export * from './types.js';

// bigint ids and counts come back as JS numbers: they stay far below 2^53 here.
pg.types.setTypeParser(20, (v) => Number(v));

export type Db = Kysely<Database>;

export interface CreateDbOptions {
  /** Pool size; PGlite behind pglite-socket needs 1. */
  max?: number;
}

export function createDb(url: string, options: CreateDbOptions = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 5000 });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Connects once and fails with a one-line DatabaseUnavailableError naming the target. */
export async function assertDbReachable(db: Db, url: string): Promise<void> {
  try {
    await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
  } catch (err) {
    throw new DatabaseUnavailableError(redactUrl(url), err);
  }
}

/** Opens the configured database and proves it answers, or fails with one line naming it. */
export async function connectDatabase(url: string, options: { max?: number } = {}): Promise<Db> {
  const db = createDb(url, options);
  try {
    await assertDbReachable(db, url);
  } catch (err) {
    await db.destroy().catch(() => {});
    throw err;
  }
  return db;
}

export function createMigrator(db: Kysely<any>): Migrator {
  // Unordered: a migration numbered into its area (0310 after 0400 ran) must still apply to existing databases.
  return new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
}

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const result = await createMigrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${reason}`, { cause: result.error });
  }
  return result;
}

export { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.js';
export * from './repositories/index.js';
