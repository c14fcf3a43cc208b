import type { Config } from '../config/index.js';
import { feedRepository, type Db } from '../db/index.js';
import type { Logger } from '../log/index.js';
import { loadActiveFingerprints } from '../narratives/library.js';
import { buildMatcherIndex, type MatcherIndex } from '../pipeline/analyze/index.js';
import { fetchOptionsFromConfig, ingestFeed, type IngestDeps, type IngestOutcome } from '../pipeline/ingest/index.js';
import { createLanguageDetector } from '../pipeline/language/index.js';

// connectDatabase lives with the database code: importing it must not load the pipeline (and
// eld's n-gram database) into processes that only need a connection.
export { connectDatabase } from '../db/index.js';

/**
 * Builds the matcher index once from the active fingerprints stored in Postgres (the source of
 * truth); a stored document that no longer validates is logged and left out, the rest still match.
 * Long-running processes use the live library (`createNarrativeLibrary`) instead.
 */
export async function loadMatcherIndexFromDb(db: Db, log?: Logger): Promise<MatcherIndex> {
  return buildMatcherIndex(await loadActiveFingerprints(db, (err) => log?.error({ err }, 'fingerprint left out of the matcher')));
}

/** The ingest stage's dependencies from configuration; the same for the BullMQ and in-process drivers. */
export function ingestDepsFromConfig(config: Config, db: Db, log: Logger, matcherIndex: () => MatcherIndex): IngestDeps {
  return {
    db,
    log,
    fetchOptions: fetchOptionsFromConfig(config),
    languageDetector: createLanguageDetector({ languages: config.LANGUAGES, detector: config.LANGUAGE_DETECTOR }),
    matcherIndex,
    defaultIntervalMinutes: config.FEED_DEFAULT_INTERVAL_MINUTES,
  };
}

/** The in-process driver: polls every active feed once, one after another, with the shared ingest stage. */
export async function ingestAllFeedsOnce(deps: IngestDeps): Promise<IngestOutcome[]> {
  const feeds = await feedRepository.listFeeds(deps.db, { activeOnly: true });
  const outcomes: IngestOutcome[] = [];
  for (const feed of feeds) outcomes.push(await ingestFeed(deps, feed.id));
  return outcomes;
}
