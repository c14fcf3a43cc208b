import { sql, type Kysely } from 'kysely';

// The foundation tables. Unique keys carry idempotency: one item per feed entry, one flag per
// item x narrative version, so every write can be an upsert.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('feeds')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text')
    .addColumn('language', 'text')
    .addColumn('declared_language', 'text')
    .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('interval_minutes', 'integer', (c) => c.notNull().defaultTo(60))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('last_fetched_at', 'timestamptz')
    .addColumn('last_status', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema.createTable('items')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('feed_id', 'bigint', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
    .addColumn('identity_key', 'text', (c) => c.notNull())
    .addColumn('guid', 'text')
    .addColumn('link', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('html', 'text')
    .addColumn('published_at', 'timestamptz')
    .addColumn('date_inferred', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('language_confidence', 'real', (c) => c.notNull())
    .addColumn('runners_up', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('items_feed_identity_key', ['feed_id', 'identity_key'])
    .execute();
  await db.schema.createIndex('items_published_at_idx').on('items').column('published_at').execute();

  await db.schema.createTable('narratives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft','active','retired')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema.createTable('narrative_versions')
    .addColumn('narrative_id', 'text', (c) => c.notNull().references('narratives.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft','active','retired')`))
    .addColumn('document', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('narrative_versions_pk', ['narrative_id', 'version'])
    .execute();

  await db.schema.createTable('flags')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('item_id', 'bigint', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('narrative_id', 'text', (c) => c.notNull())
    .addColumn('narrative_version', 'integer', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('explanation', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('new').check(sql`status in ('new','confirmed','dismissed')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('flags_item_narrative_version_key', ['item_id', 'narrative_id', 'narrative_version'])
    .addForeignKeyConstraint('flags_narrative_version_fk', ['narrative_id', 'narrative_version'], 'narrative_versions', ['narrative_id', 'version'])
    .execute();
  await db.schema.createIndex('flags_narrative_created_idx').on('flags').columns(['narrative_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['flags', 'narrative_versions', 'narratives', 'items', 'feeds']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
