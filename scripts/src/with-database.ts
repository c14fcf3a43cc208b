import { NarmonError, loadConfig, type Config } from '@narmon/shared';
import type { Db } from '@narmon/shared/db';
import { connectDatabase } from '@narmon/shared/db';

/**
 * Runs one CLI action against the configured database: connects (one line naming the target
 * when it cannot), runs, always closes. A database that was never migrated is named as such
 * instead of surfacing PostgreSQL's "relation does not exist".
 */
export async function withDatabase<T>(fn: (db: Db, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await connectDatabase(config.DATABASE_URL, { max: 1 });
  try {
    return await fn(db, config);
  } catch (err) {
    const missing = /relation "([^"]+)" does not exist/.exec(err instanceof Error ? err.message : '');
    if (missing) throw new NarmonError('not-migrated', `the database has no ${missing[1]} table: run \`narmon migrate\` first`);
    throw err;
  } finally {
    await db.destroy();
  }
}
