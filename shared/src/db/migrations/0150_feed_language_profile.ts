import { sql, type Kysely } from 'kysely';

// What each feed's own long items say its language is, next to what it declares. A disagreement
// is marked for an analyst's review instead of being trusted either way.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('feed_language_profiles')
    .addColumn('feed_id', 'bigint', (c) => c.primaryKey().references('feeds.id').onDelete('cascade'))
    .addColumn('counts', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('long_items', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('learned_language', 'text')
    .addColumn('declared_language', 'text')
    .addColumn('prior_language', 'text')
    .addColumn('needs_review', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('feed_language_profiles').ifExists().execute();
}
