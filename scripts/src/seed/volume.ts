import { sql } from 'kysely';
import { migrateToLatest, type Db } from '@narmon/shared/db';

export interface SeedSize {
  items: number;
  flags: number;
  narratives: number;
  feeds: number;
  days: number;
}

export const FULL_SIZE: SeedSize = { items: 1_000_000, flags: 100_000, narratives: 200, feeds: 100, days: 365 };

// Five languages in realistic shares for a Baltic monitoring desk; words per language give
// full-text search real lexemes (stemmed for eng/rus, 'simple' and trigrams for lav/ukr/est).
const LANGUAGES: Array<{ code: string; share: number; words: string[] }> = [
  { code: 'rus', share: 0.3, words: 'вакцина чипы НАТО провокация граница учения санкции газ цены беженцы биолаборатории Украина Латвия Эстония Литва правительство выборы война мир армия эксперты заявили сообщает источник журналисты власти народ история память русский язык школа права'.split(' ') },
  { code: 'eng', share: 0.3, words: 'vaccine chips nato provocation border exercises sanctions gas prices refugees biolabs ukraine latvia estonia lithuania government elections war peace army experts claimed reports source journalists authorities people history memory russian language school rights'.split(' ') },
  { code: 'lav', share: 0.2, words: 'vakcīna mikroshēmas NATO provokācija robeža mācības sankcijas gāze cenas bēgļi biolaboratorijas Ukraina Latvija Igaunija Lietuva valdība vēlēšanas karš miers armija eksperti paziņoja ziņo avots žurnālisti vara tauta vēsture atmiņa krievu valoda skola tiesības'.split(' ') },
  { code: 'ukr', share: 0.1, words: 'вакцина чіпи НАТО провокація кордон навчання санкції газ ціни біженці біолабораторії Україна Латвія Естонія Литва уряд вибори війна мир армія експерти заявили повідомляє джерело журналісти влада народ історія памʼять мова школа права'.split(' ') },
  { code: 'est', share: 0.1, words: 'vaktsiin kiibid NATO provokatsioon piir õppused sanktsioonid gaas hinnad põgenikud biolaborid Ukraina Läti Eesti Leedu valitsus valimised sõda rahu armee eksperdid teatasid teatab allikas ajakirjanikud võimud rahvas ajalugu mälu vene keel kool õigused'.split(' ') },
];

export interface SeedReport { seconds: Record<string, number>; total: number }

/**
 * Fills an empty, migrated database with a year of synthetic monitoring data, set-based
 * (generate_series), so a million items take a minute or two, not a million round trips.
 */
export async function seedVolume(db: Db, size: SeedSize, log: (line: string) => void = () => {}): Promise<SeedReport> {
  const seconds: Record<string, number> = {};
  const started = Date.now();
  const step = async (name: string, fn: () => Promise<unknown>) => {
    const t = Date.now();
    await fn();
    seconds[name] = (Date.now() - t) / 1000;
    log(`  ${name}: ${seconds[name]!.toFixed(1)} s`);
  };

  await step('migrate', () => migrateToLatest(db));
  const existing = await sql<{ n: number }>`select count(*)::int as n from items`.execute(db);
  if ((existing.rows[0]?.n ?? 0) > 0) throw new Error('the database already holds items: seed an empty database');

  await step('feeds', () => sql`
    insert into feeds (url, title, language, interval_minutes, last_fetched_at, last_status)
    select 'https://feed' || g || '.example/rss', 'Outlet ' || g, null, 30 + (g % 4) * 15,
           now() - (g % 90) * interval '1 minute', case when g % 17 = 0 then 'error' else 'ok' end
    from generate_series(1, ${size.feeds}::int) g`.execute(db));

  await step('narratives', async () => {
    await sql`
      insert into narratives (id, current_version, status)
      select 'narrative-' || lpad(g::text, 4, '0'), 1 + (g % 3 = 0)::int, case when g % 25 = 0 then 'retired' else 'active' end
      from generate_series(1, ${size.narratives}::int) g`.execute(db);
    await sql`
      insert into narrative_versions (narrative_id, version, status, document, created_by)
      select n.id, v, n.status,
             jsonb_build_object('id', n.id, 'version', v, 'status', n.status, 'title', jsonb_build_object('eng', 'Synthetic narrative ' || n.id),
               'languages', jsonb_build_object('eng', jsonb_build_object('terms', jsonb_build_array(jsonb_build_object('t', 'word' || v)))), 'tlp', 'green'),
             'seed'
      from narratives n cross join lateral generate_series(1, n.current_version) v`.execute(db);
  });

  // Bulk load first, then build the GIN indexes once (far faster than maintaining them per row).
  await sql`drop index if exists items_search_vector_idx`.execute(db);
  await sql`drop index if exists items_title_trgm_idx`.execute(db);

  // Languages interleave row by row (a hash of the row number picks one by its share), as a real
  // desk ingests them; loaded in chunks so progress shows and each statement's roll-up is one upsert.
  let lo = 0;
  const langs = sql.join(LANGUAGES.map((l) => {
    const hi = lo + Math.round(l.share * 1000);
    const row = sql`(${l.code}::text, ${l.words}::text[], ${lo}::int, ${l === LANGUAGES[LANGUAGES.length - 1] ? 1000 : hi}::int)`;
    lo = hi;
    return row;
  }));
  const chunk = 250_000;
  for (let first = 1; first <= size.items; first += chunk) {
    const last = Math.min(size.items, first + chunk - 1);
    await step(`items ${first}-${last}`, () => sql`
      insert into items (feed_id, identity_key, guid, link, title, text, published_at, language, language_confidence, runners_up, first_seen_at, last_seen_at)
      select 1 + ((g::bigint * 7919) % ${size.feeds}::int)::int,
             'guid:' || l.code || '-' || g, l.code || '-' || g,
             'https://feed' || (1 + ((g::bigint * 7919) % ${size.feeds}::int)) || '.example/a/' || g,
             w[1 + (g % cardinality(w))] || ' ' || w[1 + ((g / 7) % cardinality(w))] || ' ' || w[1 + ((g / 13) % cardinality(w))] || ' ' || w[1 + ((g * 31) % cardinality(w))],
             array_to_string(array(select w[1 + ((g * k * 2654435761::bigint) % 1000003 % cardinality(w))] from generate_series(1, 30) k), ' '),
             case when g % 50 = 0 then null else ts end,
             l.code, 0.8 + (g % 20) / 100.0,
             case when g % 5 = 0 then jsonb_build_array(jsonb_build_object('narrative', 'narrative-' || lpad((1 + g % ${size.narratives}::int)::text, 4, '0'), 'version', 1, 'score', 1.5, 'coverage', 0.1, 'language', l.code)) else '[]'::jsonb end,
             ts + interval '7 minutes', ts + interval '7 minutes'
      from generate_series(${first}::int, ${last}::int) g
      join (values ${langs}) as l(code, w, lo, hi) on ((g::bigint * 2654435761) % 1000003) % 1000 >= l.lo and ((g::bigint * 2654435761) % 1000003) % 1000 < l.hi,
           -- g in the expression makes the subquery correlated, so random() is drawn per row.
           lateral (select now() - (random() * ${size.days}::int + g * 0) * interval '1 day' as ts) t`.execute(db));
  }

  // Every item is a sighting of its own feed (as ingest records it); one in 50 was also carried
  // by a second feed (the same story under that feed's own guid).
  await step('sightings', async () => {
    await sql`insert into item_sightings (feed_id, identity_key, item_id, first_seen_at, last_seen_at)
      select feed_id, identity_key, id, first_seen_at, last_seen_at from items`.execute(db);
    await sql`insert into item_sightings (feed_id, identity_key, item_id, first_seen_at, last_seen_at)
      select 1 + ((feed_id + (id / 50) % (${size.feeds}::int - 1)) % ${size.feeds}::int), 'guid:resighted-' || id, id,
             first_seen_at + interval '2 hours', last_seen_at + interval '2 hours'
      from items where id % 50 = 0 and ${size.feeds}::int > 1`.execute(db);
  });

  await step('flags', () => sql`
    insert into flags (item_id, narrative_id, narrative_version, score, explanation, status, created_at)
    select i.id, n.id, n.current_version,
           round((3 + random() * 7)::numeric, 2),
           jsonb_build_object('language', i.language, 'coverage', round(random()::numeric, 2),
             'terms', jsonb_build_array(jsonb_build_object('term', split_part(i.title, ' ', 1), 'kind', 'term', 'weight', 1.5, 'offsets', jsonb_build_array(jsonb_build_array(0, 5))))),
           case when (i.id * 7) % 29 = 0 then 'confirmed' when (i.id * 11) % 31 = 0 then 'dismissed' else 'new' end,
           i.first_seen_at + (i.id % 120) * interval '1 minute'
    from (select id, language, title, first_seen_at from items order by id % ${Math.max(1, Math.floor(size.items / size.flags))}::int, id limit ${size.flags}::int) i
    -- A few narratives carry most flags, as in real campaigns.
    cross join lateral (select id, current_version from narratives
      order by id offset floor(${size.narratives}::int * power(((i.id * 2654435761::bigint) % 1000003) / 1000003.0, 2))::int limit 1) n`.execute(db));

  await step('search indexes', async () => {
    await sql`set maintenance_work_mem = '256MB'`.execute(db);
    await sql`create index items_search_vector_idx on items using gin (search_vector)`.execute(db);
    await sql`do $$ begin
        if exists (select 1 from pg_extension where extname = 'pg_trgm') then
          execute 'create index items_title_trgm_idx on items using gin (title gin_trgm_ops)';
        end if;
      end $$`.execute(db);
  });
  await step('analyze', () => sql`analyze`.execute(db));
  return { seconds, total: (Date.now() - started) / 1000 };
}
