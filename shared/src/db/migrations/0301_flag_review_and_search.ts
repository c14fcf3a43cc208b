import { sql, type Kysely } from 'kysely';
import { SEARCH_CONFIG_BY_LANGUAGE } from '../search-configs.js';

/**
 * Analyst API storage:
 * - flags carry their item's language, feed and published time (filled by a trigger), so each
 *   common filter x sort combination is one index range scan instead of a join-then-filter;
 * - review columns on flags and an append-only audit log;
 * - items get a full-text vector built with their language's configuration (simple where none
 *   fits) and, where pg_trgm is installable, a trigram index on titles for inflected languages.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table flags
    add column item_language text,
    add column feed_id bigint,
    add column item_published_at timestamptz,
    add column reviewed_at timestamptz,
    add column reviewed_by text,
    add column reviewed_by_key_id bigint,
    add column review_note text`.execute(db);

  await sql`create or replace function narmon_flags_fill_item() returns trigger language plpgsql as $$
    begin
      select i.language, i.feed_id, coalesce(i.published_at, i.first_seen_at)
        into new.item_language, new.feed_id, new.item_published_at
        from items i where i.id = new.item_id;
      return new;
    end $$`.execute(db);
  await sql`create trigger flags_fill_item before insert on flags
    for each row execute function narmon_flags_fill_item()`.execute(db);
  // Re-detection or a corrected date on an item must follow into its flags.
  await sql`create or replace function narmon_items_propagate_to_flags() returns trigger language plpgsql as $$
    begin
      update flags set item_language = new.language, feed_id = new.feed_id,
                       item_published_at = coalesce(new.published_at, new.first_seen_at)
        where item_id = new.id;
      return new;
    end $$`.execute(db);
  await sql`create trigger items_propagate_to_flags after update of language, feed_id, published_at on items
    for each row when (old.language is distinct from new.language or old.feed_id is distinct from new.feed_id
                       or old.published_at is distinct from new.published_at)
    execute function narmon_items_propagate_to_flags()`.execute(db);

  await sql`update flags f set item_language = i.language, feed_id = i.feed_id,
              item_published_at = coalesce(i.published_at, i.first_seen_at)
            from items i where i.id = f.item_id`.execute(db);
  await sql`alter table flags
    alter column item_language set not null,
    alter column feed_id set not null,
    alter column item_published_at set not null`.execute(db);

  // Keyset pagination orders by (sort value, id); each filter gets a leading column.
  const flagIndexes: Array<[string, string]> = [
    ['flags_created_id_idx', 'created_at, id'],
    ['flags_narrative_created_id_idx', 'narrative_id, created_at, id'],
    ['flags_language_created_id_idx', 'item_language, created_at, id'],
    ['flags_feed_created_id_idx', 'feed_id, created_at, id'],
    ['flags_status_created_id_idx', 'status, created_at, id'],
    ['flags_published_id_idx', 'item_published_at, id'],
    ['flags_narrative_published_id_idx', 'narrative_id, item_published_at, id'],
    ['flags_score_id_idx', 'score, id'],
    ['flags_narrative_score_id_idx', 'narrative_id, score, id'],
    ['flags_item_idx', 'item_id'],
  ];
  for (const [name, columns] of flagIndexes) {
    await sql`create index ${sql.raw(name)} on flags (${sql.raw(columns)})`.execute(db);
  }
  await sql`drop index if exists flags_narrative_created_idx`.execute(db);

  await db.schema.createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_key_id', 'bigint')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('audit_log_target_idx').on('audit_log').columns(['target_type', 'target_id', 'at']).execute();

  // The per-language text-search configuration, limited to those this server ships.
  const available = new Set((await sql<{ cfgname: string }>`select cfgname from pg_ts_config`.execute(db)).rows.map((r) => r.cfgname));
  const cases = Object.entries(SEARCH_CONFIG_BY_LANGUAGE)
    .filter(([lang, cfg]) => /^[a-z]{3}$/.test(lang) && /^[a-z]+$/.test(cfg) && available.has(cfg))
    .map(([lang, cfg]) => `when '${lang}' then '${cfg}'::regconfig`).join(' ');
  const configExpr = cases ? `case language ${cases} else 'simple'::regconfig end` : `'simple'::regconfig`;
  await sql`alter table items add column search_vector tsvector generated always as (
      setweight(to_tsvector(${sql.raw(configExpr)}, coalesce(title, '')), 'A') ||
      setweight(to_tsvector(${sql.raw(configExpr)}, coalesce(text, '')), 'B')
    ) stored`.execute(db);
  await sql`create index items_search_vector_idx on items using gin (search_vector)`.execute(db);
  await sql`create index items_first_seen_idx on items (first_seen_at)`.execute(db);

  // pg_trgm is optional (PGlite may not load it): a missing extension only skips the index.
  await sql`do $$ begin
      create extension if not exists pg_trgm;
    exception when others then raise notice 'pg_trgm unavailable: title trigram search disabled';
    end $$`.execute(db);
  await sql`do $$ begin
      if exists (select 1 from pg_extension where extname = 'pg_trgm') then
        execute 'create index items_title_trgm_idx on items using gin (title gin_trgm_ops)';
      end if;
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists items_title_trgm_idx`.execute(db);
  await sql`drop index if exists items_first_seen_idx`.execute(db);
  await sql`alter table items drop column if exists search_vector`.execute(db);
  await db.schema.dropTable('audit_log').ifExists().execute();
  await sql`drop trigger if exists items_propagate_to_flags on items`.execute(db);
  await sql`drop trigger if exists flags_fill_item on flags`.execute(db);
  await sql`drop function if exists narmon_items_propagate_to_flags()`.execute(db);
  await sql`drop function if exists narmon_flags_fill_item()`.execute(db);
  await sql`create index if not exists flags_narrative_created_idx on flags (narrative_id, created_at)`.execute(db);
  await sql`alter table flags drop column item_language, drop column feed_id, drop column item_published_at,
    drop column reviewed_at, drop column reviewed_by, drop column reviewed_by_key_id, drop column review_note`.execute(db);
}
