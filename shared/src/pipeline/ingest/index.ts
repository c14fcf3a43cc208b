import type { Config } from '../../config/index.js';
import type { Db } from '../../db/index.js';
import { feedRepository } from '../../db/index.js';
import { NarmonError } from '../../errors/index.js';
import type { Logger } from '../../log/index.js';
import { matchItem, type MatcherIndex } from '../analyze/index.js';
import { decodeFeedBody } from '../decode/index.js';
import { fetchFeed, type FetchOptions } from '../fetch/index.js';
import type { LanguageDetector } from '../language/index.js';
import { parseFeedDocument } from '../parse/index.js';
import { persistAnalyzedItems, type PersistResult } from '../persist/index.js';
import type { AnalyzedItem, ParsedFeed } from '../types.js';

export interface IngestDeps {
  db: Db;
  log: Logger;
  fetchOptions: Omit<FetchOptions, 'validators'>;
  languageDetector: LanguageDetector;
  /** Returns the matcher index in force now (workers swap it when the library changes). */
  matcherIndex: () => MatcherIndex;
  now?: () => Date;
}

export type IngestOutcome =
  | ({ feedId: number; status: 'ok'; items: number } & PersistResult)
  | { feedId: number; status: 'not-modified' }
  | { feedId: number; status: 'error'; code: string; message: string };

/** Language detection and matching for parsed items: pure, shared by ingest and the CLI. */
export function analyzeParsedItems(feed: ParsedFeed, deps: Pick<IngestDeps, 'languageDetector' | 'matcherIndex'>, feedLanguage: string | null): AnalyzedItem[] {
  const index = deps.matcherIndex();
  return feed.items.map((item) => {
    const lang = deps.languageDetector.detect(`${item.title}\n${item.text}`, { declared: feedLanguage ?? feed.language });
    const matches = matchItem(index, { title: item.title, text: item.text, language: lang.language, languageCandidates: lang.candidates });
    return { ...item, language: lang.language, languageConfidence: lang.confidence, matches };
  });
}

/**
 * One poll of one feed: fetch -> decode -> parse -> detect language -> match -> persist.
 * A feed that fails ends as a classed outcome (never a throw), so a batch carries on.
 */
export async function ingestFeed(deps: IngestDeps, feedId: number): Promise<IngestOutcome> {
  const now = deps.now ?? (() => new Date());
  const feed = await feedRepository.getFeed(deps.db, feedId);
  if (!feed) return { feedId, status: 'error', code: 'unknown-feed', message: `feed ${feedId} does not exist` };
  const log = deps.log.child({ feedId, url: feed.url });
  const fetchedAt = now();
  try {
    const doc = await fetchFeed(feed.url, { ...deps.fetchOptions, validators: { etag: feed.etag, lastModified: feed.last_modified } });
    if (doc.status === 304) {
      await feedRepository.recordFeedFetch(deps.db, feedId, { status: 'not-modified', at: fetchedAt });
      log.info({ durationMs: doc.durationMs }, 'feed not modified');
      return { feedId, status: 'not-modified' };
    }
    const xml = decodeFeedBody(doc.body, doc.contentType);
    const parsed = await parseFeedDocument(xml, { feedUrl: doc.finalUrl, fetchedAt });
    const analyzed = analyzeParsedItems(parsed, deps, feed.language);
    const result = await persistAnalyzedItems(deps.db, feedId, analyzed);
    await feedRepository.recordFeedFetch(deps.db, feedId, {
      status: 'ok', etag: doc.etag, lastModified: doc.lastModified, title: parsed.title, declaredLanguage: parsed.language, at: fetchedAt,
    });
    log.info({ ...result, bytes: doc.bytes, durationMs: doc.durationMs }, 'feed ingested');
    return { feedId, status: 'ok', items: parsed.items.length, ...result };
  } catch (err) {
    if (!(err instanceof NarmonError)) throw err;
    await feedRepository.recordFeedFetch(deps.db, feedId, { status: err.code, at: fetchedAt });
    log.warn({ code: err.code, err: err.message }, 'feed failed');
    return { feedId, status: 'error', code: err.code, message: err.message };
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
