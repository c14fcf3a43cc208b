import type { Config } from '../../config/index.js';
import type { Db } from '../../db/index.js';
import { feedHealthRepository, feedRepository } from '../../db/index.js';
import { FeedError, NarmonError } from '../../errors/index.js';
import type { Logger } from '../../log/index.js';
import { matchItem, type MatcherIndex } from '../analyze/index.js';
import { decodeFeedBody } from '../decode/index.js';
import { fetchFeed, type FetchOptions } from '../fetch/index.js';
import { getFeedLanguagePrior, refreshFeedLanguageProfile, type LanguageDetector } from '../language/index.js';
import { parseFeedDocument } from '../parse/index.js';
import { persistAnalyzedItems, type PersistResult } from '../persist/index.js';
import { failureKind, nextSchedule, unconditionalFetchDue, type PollResult } from '../schedule/index.js';
import type { AnalyzedItem, FetchedDocument, ParsedFeed } from '../types.js';

export interface IngestDeps {
  db: Db;
  log: Logger;
  fetchOptions: Omit<FetchOptions, 'validators'>;
  languageDetector: LanguageDetector;
  /** Returns the matcher index in force now (workers swap it when the library changes). */
  matcherIndex: () => MatcherIndex;
  now?: () => Date;
  /** Jitter source for the next interval (tests pass a fixed one). */
  rng?: () => number;
  /** Interval for feeds without one of their own, in minutes (FEED_DEFAULT_INTERVAL_MINUTES). */
  defaultIntervalMinutes?: number;
}

interface OutcomeCommon {
  feedId: number;
  /** When to poll this feed again: adaptive, backed off on failure, Retry-After as a floor, jittered. */
  nextIntervalMs: number;
}

export type IngestOutcome =
  | (OutcomeCommon & { status: 'ok'; items: number; itemsDropped: number; repairs: string[]; bytes: number; durationMs: number } & PersistResult)
  | (OutcomeCommon & { status: 'not-modified' })
  | (OutcomeCommon & { status: 'error'; code: string; message: string; failure: 'hard' | 'soft'; retryAfterMs?: number });

export interface FeedLanguageHints {
  /** The operator's or the feed's own declared language (raw tag): a tie-breaker only. */
  declared: string | null;
  /** The language learned from the feed's long items, when it agrees with the declaration. */
  feedPrior?: string | null;
}

/** Language detection and matching for parsed items: pure, shared by ingest and the CLI. */
export function analyzeParsedItems(feed: ParsedFeed, deps: Pick<IngestDeps, 'languageDetector' | 'matcherIndex'>, hints: FeedLanguageHints): AnalyzedItem[] {
  const index = deps.matcherIndex();
  return feed.items.map((item) => {
    const lang = deps.languageDetector.detect(`${item.title}\n${item.text}`, { declared: hints.declared ?? feed.language, feedPrior: hints.feedPrior ?? null });
    const matches = matchItem(index, { title: item.title, text: item.text, language: lang.language, languageCandidates: lang.candidates });
    return { ...item, language: lang.language, languageConfidence: lang.confidence, matches };
  });
}

/**
 * One poll of one feed: fetch -> decode -> parse -> detect language -> match -> persist, then
 * the feed's health and scheduling state. A feed that fails ends as a classed outcome (never a
 * throw), so a batch carries on; a document that fails to decode or parse is kept for replay.
 */
export async function ingestFeed(deps: IngestDeps, feedId: number): Promise<IngestOutcome> {
  const now = deps.now ?? (() => new Date());
  const defaultMs = (deps.defaultIntervalMinutes ?? 60) * 60_000;
  const feed = await feedRepository.getFeed(deps.db, feedId);
  if (!feed) return { feedId, status: 'error', code: 'unknown-feed', message: `feed ${feedId} does not exist`, failure: 'hard', nextIntervalMs: defaultMs };
  const log = deps.log.child({ feedId, url: feed.url });
  const fetchedAt = now();
  const startedMs = Date.now();
  const state = {
    defaultIntervalMs: (feed.interval_minutes ?? deps.defaultIntervalMinutes ?? 60) * 60_000,
    pinned: feed.interval_pinned,
    newItemsPerHour: feed.new_items_per_hour,
    failureWeight: feed.failure_weight,
    consecutiveFailures: feed.consecutive_failures,
  };
  const lastPollOk = feed.last_fetched_at && (feed.last_status === 'ok' || feed.last_status === 'not-modified');
  const sinceLastPollMs = lastPollOk ? fetchedAt.getTime() - new Date(feed.last_fetched_at!).getTime() : null;
  const unconditional = unconditionalFetchDue(feed.last_unconditional_at ? new Date(feed.last_unconditional_at) : null, fetchedAt);
  const validators = unconditional ? {} : { etag: feed.etag, lastModified: feed.last_modified };

  let doc: FetchedDocument | null = null;
  try {
    doc = await fetchFeed(feed.url, {
      ...deps.fetchOptions,
      validators,
      onBlocked: (e) => log.warn({ code: 'blocked-address', target: e.url, reason: e.reason }, 'refused a private or reserved address'),
    });
    if (doc.status === 304) {
      const next = nextSchedule(state, { kind: 'not-modified', sinceLastPollMs }, deps.rng);
      await feedHealthRepository.recordFetchEvent(deps.db, feedId, {
        fetchedAt, status: 'not-modified', httpStatus: 304, durationMs: doc.durationMs, etag: doc.etag ?? feed.etag, finalUrl: doc.finalUrl, nextIntervalMs: next.intervalMs,
      });
      await feedRepository.recordPollState(deps.db, feedId, {
        at: fetchedAt, status: 'not-modified', httpStatus: 304, success: true, failureWeight: 0, consecutiveFailures: 0,
        newItemsPerHour: next.newItemsPerHour, nextIntervalMs: next.intervalMs,
      });
      log.info({ durationMs: doc.durationMs, nextIntervalMs: next.intervalMs }, 'feed not modified');
      return { feedId, status: 'not-modified', nextIntervalMs: next.intervalMs };
    }
    const xml = decodeFeedBody(doc.body, doc.contentType);
    const parsed = await parseFeedDocument(xml, { feedUrl: doc.finalUrl, fetchedAt });
    const feedPrior = await getFeedLanguagePrior(deps.db, feedId);
    const analyzed = analyzeParsedItems(parsed, deps, { declared: feed.language, feedPrior });
    const result = await persistAnalyzedItems(deps.db, feedId, analyzed);
    const next = nextSchedule(state, { kind: 'success', newItems: result.itemsInserted, sinceLastPollMs }, deps.rng);
    await feedHealthRepository.recordFetchEvent(deps.db, feedId, {
      fetchedAt, status: 'ok', httpStatus: 200, bytes: doc.bytes, durationMs: doc.durationMs, etag: doc.etag, finalUrl: doc.finalUrl,
      itemsSeen: result.itemsSeen, itemsNew: result.itemsInserted, nextIntervalMs: next.intervalMs,
    });
    await feedRepository.recordPollState(deps.db, feedId, {
      at: fetchedAt, status: 'ok', httpStatus: 200, success: true, unconditional,
      etag: doc.etag, lastModified: doc.lastModified, title: parsed.title, declaredLanguage: parsed.language,
      failureWeight: 0, consecutiveFailures: 0, newItemsPerHour: next.newItemsPerHour, nextIntervalMs: next.intervalMs,
    });
    // After the poll state, so the feed's own <language> is stored when the profile compares with it.
    const profile = await refreshFeedLanguageProfile(deps.db, feedId);
    if (profile.needsReview) log.warn({ learned: profile.learnedLanguage, declared: parsed.language ?? feed.language }, 'feed language disagrees with its declaration: marked for review');
    log.info({ ...result, bytes: doc.bytes, durationMs: doc.durationMs, repairs: parsed.repairs, nextIntervalMs: next.intervalMs }, 'feed ingested');
    return {
      feedId, status: 'ok', items: parsed.items.length, itemsDropped: parsed.itemsDropped ?? 0, repairs: parsed.repairs ?? [],
      bytes: doc.bytes, durationMs: doc.durationMs, nextIntervalMs: next.intervalMs, ...result,
    };
  } catch (err) {
    if (!(err instanceof NarmonError)) throw err;
    const details = err instanceof FeedError ? err.details : {};
    const retryAfterMs = typeof details.retryAfterMs === 'number' ? details.retryAfterMs : undefined;
    const httpStatus = typeof details.status === 'number' ? details.status : null;
    const poll: PollResult = { kind: 'failure', code: err.code, retryAfterMs };
    const next = nextSchedule(state, poll, deps.rng);
    // The document arrived but could not be read: keep it (capped) so the fix can be replayed.
    if (doc && doc.status === 200 && ['not-a-feed', 'malformed-xml', 'decode'].includes(err.code)) {
      await feedHealthRepository.storeFailedDocument(deps.db, feedId, {
        errorClass: err.code, errorMessage: err.message, contentType: doc.contentType, finalUrl: doc.finalUrl, body: doc.body,
      });
    }
    await feedHealthRepository.recordFetchEvent(deps.db, feedId, {
      fetchedAt, status: 'error', errorClass: err.code, errorMessage: err.message, httpStatus: httpStatus ?? (doc ? 200 : null),
      bytes: doc?.bytes ?? 0, durationMs: doc?.durationMs ?? Date.now() - startedMs, finalUrl: doc?.finalUrl ?? null, nextIntervalMs: next.intervalMs,
    });
    await feedRepository.recordPollState(deps.db, feedId, {
      at: fetchedAt, status: err.code, httpStatus, success: false, errorCode: err.code, errorMessage: err.message,
      failureWeight: next.failureWeight, consecutiveFailures: next.consecutiveFailures, newItemsPerHour: next.newItemsPerHour, nextIntervalMs: next.intervalMs,
    });
    log.warn({ code: err.code, err: err.message, nextIntervalMs: next.intervalMs }, 'feed failed');
    return {
      feedId, status: 'error', code: err.code, message: err.message, failure: failureKind(err.code), nextIntervalMs: next.intervalMs,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
}

/** Fetch limits from the configuration. */
export function fetchOptionsFromConfig(config: Config): Omit<FetchOptions, 'validators'> {
  return {
    userAgent: config.FETCH_USER_AGENT,
    connectTimeoutMs: config.FETCH_CONNECT_TIMEOUT_MS,
    timeoutMs: config.FETCH_TIMEOUT_MS,
    maxBytes: config.FETCH_MAX_BYTES,
    maxRedirects: config.FETCH_MAX_REDIRECTS,
    allowlist: config.FETCH_ALLOWLIST,
  };
}
