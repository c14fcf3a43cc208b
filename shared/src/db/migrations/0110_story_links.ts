import { sql, type Kysely } from 'kysely';

// The same story seen in two feeds is one item with two sightings: items carry their
// canonical URL and content hash (the cross-feed story key), item_sightings says which feeds
// showed it under which feed-local identity.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('items')
    .addColumn('canonical_url', 'text')
    .addColumn('content_hash', 'text')
    .execute();
  await db.schema.createIndex('items_canonical_url_idx').on('items').column('canonical_url').execute();
  await db.schema.createIndex('items_content_hash_idx').on('items').column('content_hash').execute();

  await db.schema.createTable('item_sightings')
    .addColumn('feed_id', 'bigint', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
    .addColumn('identity_key', 'text', (c) => c.notNull())
    .addColumn('item_id', 'bigint', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('item_sightings_pk', ['feed_id', 'identity_key'])
    .execute();
  await db.schema.createIndex('item_sightings_item_idx').on('item_sightings').column('item_id').execute();
  await sql`insert into item_sightings (feed_id, identity_key, item_id, first_seen_at, last_seen_at)
            select feed_id, identity_key, id, first_seen_at, last_seen_at from items
            on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('item_sightings').ifExists().execute();
  await db.schema.alterTable('items').dropColumn('canonical_url').dropColumn('content_hash').execute();
}
