import { sql, type Kysely } from 'kysely';

/**
 * Roll-ups for /v1/stats and the narratives list, maintained by triggers so every writer (ingest,
 * matcher, seeder, tests) keeps them right without knowing they exist:
 * - item_daily_counts: items per first-seen UTC day x feed x language;
 * - flag_daily_counts: flags per flagged UTC day x feed x item language;
 * - narrative_flag_hourly_counts: flags per flagged UTC hour x narrative.
 * Inserts and deletes are counted per statement from transition tables (one upsert per key, not
 * per row); updates move a row between keys only when a keyed column changes, so the idempotent
 * upserts of ingest and matching (ON CONFLICT DO UPDATE of score, last_seen_at...) count nothing twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table item_daily_counts (
      day date not null, feed_id bigint not null, language text not null, items bigint not null,
      primary key (day, feed_id, language))`.execute(db);
  await sql`create table flag_daily_counts (
      day date not null, feed_id bigint not null, language text not null, flags bigint not null,
      primary key (day, feed_id, language))`.execute(db);
  await sql`create table narrative_flag_hourly_counts (
      hour timestamp not null, narrative_id text not null, flags bigint not null,
      primary key (hour, narrative_id))`.execute(db);

  // Items. Keys sorted before the upsert so concurrent writers lock roll-up rows in one order.
  const itemUpsert = (source: string, sign: string) => `
    insert into item_daily_counts as c (day, feed_id, language, items)
      select (first_seen_at at time zone 'UTC')::date, feed_id, language, ${sign} count(*) from ${source}
      group by 1, 2, 3 order by 1, 2, 3
    on conflict (day, feed_id, language) do update set items = c.items + excluded.items;`;
  await sql`create function narmon_item_counts_insert() returns trigger language plpgsql as $$
    begin ${sql.raw(itemUpsert('new_rows', ''))} return null; end $$`.execute(db);
  await sql`create function narmon_item_counts_delete() returns trigger language plpgsql as $$
    begin ${sql.raw(itemUpsert('old_rows', '-'))} return null; end $$`.execute(db);
  await sql`create function narmon_item_counts_update() returns trigger language plpgsql as $$
    begin
      insert into item_daily_counts as c (day, feed_id, language, items)
        values ((old.first_seen_at at time zone 'UTC')::date, old.feed_id, old.language, -1)
        on conflict (day, feed_id, language) do update set items = c.items + excluded.items;
      insert into item_daily_counts as c (day, feed_id, language, items)
        values ((new.first_seen_at at time zone 'UTC')::date, new.feed_id, new.language, 1)
        on conflict (day, feed_id, language) do update set items = c.items + excluded.items;
      return null;
    end $$`.execute(db);
  await sql`create function narmon_item_counts_truncate() returns trigger language plpgsql as $$
    begin delete from item_daily_counts; return null; end $$`.execute(db);
  await sql`create trigger items_counts_insert after insert on items referencing new table as new_rows
    for each statement execute function narmon_item_counts_insert()`.execute(db);
  await sql`create trigger items_counts_delete after delete on items referencing old table as old_rows
    for each statement execute function narmon_item_counts_delete()`.execute(db);
  await sql`create trigger items_counts_update after update of first_seen_at, feed_id, language on items
    for each row when (old.first_seen_at is distinct from new.first_seen_at or old.feed_id is distinct from new.feed_id
                       or old.language is distinct from new.language)
    execute function narmon_item_counts_update()`.execute(db);
  await sql`create trigger items_counts_truncate after truncate on items
    for each statement execute function narmon_item_counts_truncate()`.execute(db);

  // Flags: feed_id and item_language are filled by the BEFORE trigger of 0301, so they are final here.
  const flagUpsert = (source: string, sign: string) => `
    insert into flag_daily_counts as c (day, feed_id, language, flags)
      select (created_at at time zone 'UTC')::date, feed_id, item_language, ${sign} count(*) from ${source}
      group by 1, 2, 3 order by 1, 2, 3
    on conflict (day, feed_id, language) do update set flags = c.flags + excluded.flags;
    insert into narrative_flag_hourly_counts as c (hour, narrative_id, flags)
      select date_trunc('hour', created_at at time zone 'UTC'), narrative_id, ${sign} count(*) from ${source}
      group by 1, 2 order by 1, 2
    on conflict (hour, narrative_id) do update set flags = c.flags + excluded.flags;`;
  await sql`create function narmon_flag_counts_insert() returns trigger language plpgsql as $$
    begin ${sql.raw(flagUpsert('new_rows', ''))} return null; end $$`.execute(db);
  await sql`create function narmon_flag_counts_delete() returns trigger language plpgsql as $$
    begin ${sql.raw(flagUpsert('old_rows', '-'))} return null; end $$`.execute(db);
  await sql`create function narmon_flag_counts_update() returns trigger language plpgsql as $$
    begin
      insert into flag_daily_counts as c (day, feed_id, language, flags)
        values ((old.created_at at time zone 'UTC')::date, old.feed_id, old.item_language, -1),
               ((new.created_at at time zone 'UTC')::date, new.feed_id, new.item_language, 1)
        on conflict (day, feed_id, language) do update set flags = c.flags + excluded.flags;
      if old.created_at is distinct from new.created_at or old.narrative_id is distinct from new.narrative_id then
        insert into narrative_flag_hourly_counts as c (hour, narrative_id, flags)
          values (date_trunc('hour', old.created_at at time zone 'UTC'), old.narrative_id, -1)
          on conflict (hour, narrative_id) do update set flags = c.flags + excluded.flags;
        insert into narrative_flag_hourly_counts as c (hour, narrative_id, flags)
          values (date_trunc('hour', new.created_at at time zone 'UTC'), new.narrative_id, 1)
          on conflict (hour, narrative_id) do update set flags = c.flags + excluded.flags;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create function narmon_flag_counts_truncate() returns trigger language plpgsql as $$
    begin delete from flag_daily_counts; delete from narrative_flag_hourly_counts; return null; end $$`.execute(db);
  await sql`create trigger flags_counts_insert after insert on flags referencing new table as new_rows
    for each statement execute function narmon_flag_counts_insert()`.execute(db);
  await sql`create trigger flags_counts_delete after delete on flags referencing old table as old_rows
    for each statement execute function narmon_flag_counts_delete()`.execute(db);
  await sql`create trigger flags_counts_update after update of created_at, feed_id, item_language, narrative_id on flags
    for each row when (old.created_at is distinct from new.created_at or old.feed_id is distinct from new.feed_id
                       or old.item_language is distinct from new.item_language or old.narrative_id is distinct from new.narrative_id)
    execute function narmon_flag_counts_update()`.execute(db);
  await sql`create trigger flags_counts_truncate after truncate on flags
    for each statement execute function narmon_flag_counts_truncate()`.execute(db);

  // What exists already.
  await sql`insert into item_daily_counts (day, feed_id, language, items)
    select (first_seen_at at time zone 'UTC')::date, feed_id, language, count(*) from items group by 1, 2, 3`.execute(db);
  await sql`insert into flag_daily_counts (day, feed_id, language, flags)
    select (created_at at time zone 'UTC')::date, feed_id, item_language, count(*) from flags group by 1, 2, 3`.execute(db);
  await sql`insert into narrative_flag_hourly_counts (hour, narrative_id, flags)
    select date_trunc('hour', created_at at time zone 'UTC'), narrative_id, count(*) from flags group by 1, 2`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['items_counts_insert', 'items_counts_delete', 'items_counts_update', 'items_counts_truncate']) {
    await sql`drop trigger if exists ${sql.raw(t)} on items`.execute(db);
  }
  for (const t of ['flags_counts_insert', 'flags_counts_delete', 'flags_counts_update', 'flags_counts_truncate']) {
    await sql`drop trigger if exists ${sql.raw(t)} on flags`.execute(db);
  }
  for (const f of ['item_counts_insert', 'item_counts_delete', 'item_counts_update', 'item_counts_truncate',
    'flag_counts_insert', 'flag_counts_delete', 'flag_counts_update', 'flag_counts_truncate']) {
    await sql`drop function if exists ${sql.raw(`narmon_${f}`)}()`.execute(db);
  }
  for (const t of ['narrative_flag_hourly_counts', 'flag_daily_counts', 'item_daily_counts']) {
    await sql`drop table if exists ${sql.raw(t)}`.execute(db);
  }
}
