import { sql, type Kysely } from 'kysely';

const TLP_CHECK = (col: string) => sql`${sql.ref(col)} in ('clear','green','amber','amber+strict','red')`;

// Partner exchange: sharing groups (one TAXII collection each), the STIX ids we minted for our rows,
// every STIX object version published into a collection with its TLP and owner, TAXII POST statuses,
// and the objects partners sent us.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('exchange_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  // SDO/SRO ids are UUIDv4, minted once per narmon row and kept, with the `created` they were minted at.
  await db.schema.createTable('stix_ids')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('local_key', 'text', (c) => c.notNull())
    .addColumn('stix_id', 'text', (c) => c.notNull().unique())
    .addColumn('created', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('stix_ids_pk', ['kind', 'local_key'])
    .execute();

  await db.schema.createTable('sharing_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('collection_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('max_tlp', 'text', (c) => c.notNull().check(TLP_CHECK('max_tlp')))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema.createTable('sharing_group_members')
    .addColumn('group_id', 'text', (c) => c.notNull().references('sharing_groups.id').onDelete('cascade'))
    .addColumn('organization', 'text', (c) => c.notNull())
    .addColumn('clearance', 'text', (c) => c.notNull().check(TLP_CHECK('clearance')))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('sharing_group_members_pk', ['group_id', 'organization'])
    .execute();

  // date_added_us: microseconds since the epoch, strictly increasing inside a collection (unique),
  // so a client paging by added_after never skips an object published in the same call.
  await db.schema.createTable('stix_objects')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('collection_id', 'uuid', (c) => c.notNull().references('sharing_groups.collection_id').onDelete('cascade'))
    .addColumn('stix_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('spec_version', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('version_us', 'bigint', (c) => c.notNull())
    .addColumn('tlp', 'text', (c) => c.notNull().check(TLP_CHECK('tlp')))
    .addColumn('tlp_rank', 'smallint', (c) => c.notNull())
    .addColumn('owner_org', 'text')
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addColumn('object', 'jsonb', (c) => c.notNull())
    .addColumn('date_added_us', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('stix_objects_collection_date_added_key', ['collection_id', 'date_added_us'])
    .addUniqueConstraint('stix_objects_collection_version_key', ['collection_id', 'stix_id', 'version_us'])
    .execute();
  await db.schema.createIndex('stix_objects_collection_id_idx').on('stix_objects').columns(['collection_id', 'stix_id']).execute();

  await db.schema.createTable('taxii_statuses')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('collection_id', 'uuid', (c) => c.notNull())
    .addColumn('key_id', 'bigint')
    .addColumn('request_timestamp', 'text', (c) => c.notNull())
    .addColumn('total_count', 'integer', (c) => c.notNull())
    .addColumn('success_count', 'integer', (c) => c.notNull())
    .addColumn('failure_count', 'integer', (c) => c.notNull())
    .addColumn('successes', 'jsonb', (c) => c.notNull())
    .addColumn('failures', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema.createTable('partner_objects')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('sharing_groups.id').onDelete('cascade'))
    .addColumn('stix_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('tlp', 'text', (c) => c.notNull().check(TLP_CHECK('tlp')))
    .addColumn('source_org', 'text')
    .addColumn('source_key_id', 'bigint')
    .addColumn('source_key_name', 'text', (c) => c.notNull())
    .addColumn('object', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('new').check(sql`status in ('new','imported','dismissed')`))
    .addColumn('imported_narrative_id', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('partner_objects_group_version_key', ['group_id', 'stix_id', 'version'])
    .execute();
  await db.schema.createIndex('partner_objects_received_idx').on('partner_objects').column('received_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['partner_objects', 'taxii_statuses', 'stix_objects', 'sharing_group_members', 'sharing_groups', 'stix_ids', 'exchange_settings']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
