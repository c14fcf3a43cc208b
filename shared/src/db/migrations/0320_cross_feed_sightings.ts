import { sql, type Kysely } from 'kysely';

/**
 * item_cross_feeds: the feeds that carried an item other than its own (a story seen in a second
 * feed is a sighting, not a second item). Kept by triggers on item_sightings and items, so
 * "flags/items of feed X" can add these few stories with one index lookup instead of joining
 * every sighting of X (which mostly are X's own items).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table item_cross_feeds (
      feed_id bigint not null references feeds(id) on delete cascade,
      item_id bigint not null references items(id) on delete cascade,
      primary key (feed_id, item_id))`.execute(db);
  await sql`create index item_cross_feeds_item_idx on item_cross_feeds (item_id)`.execute(db);

  await sql`create function narmon_cross_feeds_refresh(p_item bigint) returns void language plpgsql as $$
    begin
      delete from item_cross_feeds where item_id = p_item;
      insert into item_cross_feeds (feed_id, item_id)
        select distinct s.feed_id, s.item_id from item_sightings s join items i on i.id = s.item_id
        where s.item_id = p_item and s.feed_id <> i.feed_id
        on conflict do nothing;
    end $$`.execute(db);
  // Inserts per statement (bulk loads join once); updates and deletes are rare, per row.
  await sql`create function narmon_sightings_cross_feeds_insert() returns trigger language plpgsql as $$
    begin
      insert into item_cross_feeds (feed_id, item_id)
        select distinct n.feed_id, n.item_id from new_rows n join items i on i.id = n.item_id
        where i.feed_id <> n.feed_id order by 1, 2
        on conflict do nothing;
      return null;
    end $$`.execute(db);
  await sql`create function narmon_sightings_cross_feeds_change() returns trigger language plpgsql as $$
    begin
      perform narmon_cross_feeds_refresh(old.item_id);
      if tg_op = 'UPDATE' and new.item_id <> old.item_id then perform narmon_cross_feeds_refresh(new.item_id); end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger item_sightings_cross_feeds_insert after insert on item_sightings referencing new table as new_rows
    for each statement execute function narmon_sightings_cross_feeds_insert()`.execute(db);
  await sql`create trigger item_sightings_cross_feeds_change after update of feed_id, item_id or delete on item_sightings
    for each row execute function narmon_sightings_cross_feeds_change()`.execute(db);
  await sql`create function narmon_items_cross_feeds() returns trigger language plpgsql as $$
    begin perform narmon_cross_feeds_refresh(new.id); return null; end $$`.execute(db);
  await sql`create trigger items_cross_feeds after update of feed_id on items
    for each row when (old.feed_id is distinct from new.feed_id) execute function narmon_items_cross_feeds()`.execute(db);

  await sql`insert into item_cross_feeds (feed_id, item_id)
    select distinct s.feed_id, s.item_id from item_sightings s join items i on i.id = s.item_id where s.feed_id <> i.feed_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists items_cross_feeds on items`.execute(db);
  await sql`drop trigger if exists item_sightings_cross_feeds_insert on item_sightings`.execute(db);
  await sql`drop trigger if exists item_sightings_cross_feeds_change on item_sightings`.execute(db);
  await sql`drop function if exists narmon_items_cross_feeds()`.execute(db);
  await sql`drop function if exists narmon_sightings_cross_feeds_insert()`.execute(db);
  await sql`drop function if exists narmon_sightings_cross_feeds_change()`.execute(db);
  await sql`drop function if exists narmon_cross_feeds_refresh(bigint)`.execute(db);
  await sql`drop table if exists item_cross_feeds`.execute(db);
}
