import { sql, type Kysely } from 'kysely';

// Feed health (the last fetch events, raw bodies of documents that failed to parse) and the
// adaptive scheduling state. A failing feed is never deleted: it is polled rarely and its
// history says why.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('feeds')
    .addColumn('failure_weight', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('new_items_per_hour', 'real')
    .addColumn('next_interval_ms', 'integer')
    .addColumn('next_poll_at', 'timestamptz')
    .addColumn('last_success_at', 'timestamptz')
    .addColumn('last_unconditional_at', 'timestamptz')
    .addColumn('last_error_code', 'text')
    .addColumn('last_error_message', 'text')
    .addColumn('last_http_status', 'integer')
    .execute();

  await db.schema.createTable('feed_fetch_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('feed_id', 'bigint', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
    .addColumn('fetched_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('ok','not-modified','error')`))
    .addColumn('error_class', 'text')
    .addColumn('error_message', 'text')
    .addColumn('http_status', 'integer')
    .addColumn('bytes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duration_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('etag', 'text')
    .addColumn('final_url', 'text')
    .addColumn('items_seen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('items_new', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_interval_ms', 'integer')
    .execute();
  await db.schema.createIndex('feed_fetch_events_feed_idx').on('feed_fetch_events').columns(['feed_id', 'id']).execute();

  await db.schema.createTable('feed_failed_documents')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('feed_id', 'bigint', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
    .addColumn('captured_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('error_class', 'text', (c) => c.notNull())
    .addColumn('error_message', 'text')
    .addColumn('content_type', 'text')
    .addColumn('final_url', 'text')
    .addColumn('original_bytes', 'integer', (c) => c.notNull())
    .addColumn('truncated', 'boolean', (c) => c.notNull())
    .addColumn('body', 'bytea', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('feed_failed_documents_feed_idx').on('feed_failed_documents').columns(['feed_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('feed_failed_documents').ifExists().execute();
  await db.schema.dropTable('feed_fetch_events').ifExists().execute();
  for (const c of ['failure_weight', 'consecutive_failures', 'new_items_per_hour', 'next_interval_ms', 'next_poll_at', 'last_success_at',
    'last_unconditional_at', 'last_error_code', 'last_error_message', 'last_http_status']) {
    await db.schema.alterTable('feeds').dropColumn(c).execute();
  }
}
