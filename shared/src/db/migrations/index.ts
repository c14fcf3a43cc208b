import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0100 from './0100_feed_health_and_scheduling.js';
import * as m0110 from './0110_story_links.js';
import * as m0120 from './0120_feed_interval_pinned.js';
import * as m0150 from './0150_feed_language_profile.js';
import * as m0300 from './0300_api_keys.js';
import * as m0301 from './0301_flag_review_and_search.js';
import * as m0310 from './0310_count_rollups.js';
import * as m0320 from './0320_cross_feed_sightings.js';
import * as m0400 from './0400_exchange.js';

/**
 * Every migration, by name. Names sort in the order they run: 0001-0099 foundation,
 * 01xx ingest, 02xx matching, 03xx analyst API, 04xx exchange.
 */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0100_feed_health_and_scheduling': m0100,
  '0110_story_links': m0110,
  '0120_feed_interval_pinned': m0120,
  '0150_feed_language_profile': m0150,
  '0300_api_keys': m0300,
  '0301_flag_review_and_search': m0301,
  '0310_count_rollups': m0310,
  '0320_cross_feed_sightings': m0320,
  '0400_exchange': m0400,
};
