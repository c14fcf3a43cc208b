import { feedDefinitionSchema } from '@narmon/schemas';
import type { Db } from '../db/index.js';
import { feedHealthRepository, feedRepository } from '../db/index.js';
import { NarmonError } from '../errors/index.js';
import { blockedAddressReason, parseAllowlist } from '../pipeline/fetch/ssrf.js';
import { checkFeedUrl } from '../pipeline/fetch/index.js';
import { isIpLiteral } from '../pipeline/fetch/ssrf.js';
import { readOpml, writeOpml } from './opml.js';

export { readOpml, writeOpml, type OpmlFeed } from './opml.js';

/** A feed URL refused at the door: wrong scheme, not a URL, or a private address literal. */
export class UnsafeFeedUrlError extends NarmonError {
  constructor(message: string) {
    super('unsafe-feed-url', message);
  }
}

/**
 * Checks what can be checked without DNS: http(s) only, length, credentials, IP literals and
 * localhost names outside the allowlist. Names are checked again at every fetch, at connect time.
 */
export function assertFeedUrlAcceptable(url: string, allowlist: string[]): void {
  try {
    checkFeedUrl(url, parseAllowlist(allowlist));
  } catch (err) {
    throw new UnsafeFeedUrlError((err as Error).message);
  }
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIpLiteral(host) && blockedAddressReason(host, parseAllowlist(allowlist))) throw new UnsafeFeedUrlError(`refused ${url}`);
}

export interface AddFeedInput {
  url: string;
  title?: string;
  intervalMinutes?: number;
  /** Keep intervalMinutes instead of adapting to the feed's rate of new items. */
  intervalPinned?: boolean;
  language?: string;
  tags?: string[];
}

export async function addFeed(db: Db, input: AddFeedInput, o: { allowlist: string[]; defaultIntervalMinutes: number }) {
  const def = feedDefinitionSchema.parse({ ...input, tags: input.tags ?? [] });
  assertFeedUrlAcceptable(def.url, o.allowlist);
  return feedRepository.upsertFeed(db, def, o.defaultIntervalMinutes);
}

export interface ImportResult {
  added: number;
  rejected: Array<{ url: string; reason: string }>;
}

/** Adds every feed of an OPML document; unsafe or invalid entries are reported, not fatal. */
export async function importOpml(db: Db, xml: string, o: { allowlist: string[]; defaultIntervalMinutes: number }): Promise<ImportResult> {
  const result: ImportResult = { added: 0, rejected: [] };
  for (const f of readOpml(xml)) {
    try {
      await addFeed(db, f, o);
      result.added++;
    } catch (err) {
      const reason = err instanceof NarmonError ? err.message : (err as { issues?: Array<{ message: string }> }).issues?.map((i) => i.message).join('; ') ?? String(err);
      result.rejected.push({ url: f.url, reason });
    }
  }
  return result;
}

export async function exportOpml(db: Db): Promise<string> {
  return writeOpml(await feedRepository.listFeeds(db));
}

export interface FeedHealthView {
  id: number;
  url: string;
  title: string | null;
  language: string | null;
  tags: string[];
  intervalMinutes: number;
  /** The schedule keeps intervalMinutes instead of adapting to the feed's rate of new items. */
  intervalPinned: boolean;
  active: boolean;
  lastStatus: string | null;
  lastFetchedAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: { code: string; message: string | null } | null;
  consecutiveFailures: number;
  failureWeight: number;
  newItemsPerHour: number | null;
  nextIntervalMs: number | null;
  nextPollAt: Date | null;
  recentEvents: number;
  recentErrors: number;
}

type FeedRow = NonNullable<Awaited<ReturnType<typeof feedRepository.getFeed>>>;

function view(f: FeedRow, summary?: { events: number; errors: number }): FeedHealthView {
  return {
    id: f.id, url: f.url, title: f.title, language: f.language, tags: f.tags, intervalMinutes: f.interval_minutes, intervalPinned: f.interval_pinned, active: f.active,
    lastStatus: f.last_status, lastFetchedAt: f.last_fetched_at, lastSuccessAt: f.last_success_at,
    lastError: f.last_error_code ? { code: f.last_error_code, message: f.last_error_message } : null,
    consecutiveFailures: f.consecutive_failures, failureWeight: f.failure_weight, newItemsPerHour: f.new_items_per_hour,
    nextIntervalMs: f.next_interval_ms, nextPollAt: f.next_poll_at, recentEvents: summary?.events ?? 0, recentErrors: summary?.errors ?? 0,
  };
}

export async function listFeedsWithHealth(db: Db): Promise<FeedHealthView[]> {
  const [feeds, summaries] = await Promise.all([feedRepository.listFeeds(db), feedHealthRepository.healthSummaries(db)]);
  const byFeed = new Map(summaries.map((s) => [Number(s.feed_id), s]));
  return feeds.map((f) => view(f, byFeed.get(f.id)));
}

export async function getFeedWithEvents(db: Db, id: number) {
  const f = await feedRepository.getFeed(db, id);
  if (!f) return null;
  const events = await feedHealthRepository.listFetchEvents(db, id);
  const errors = events.filter((e) => e.status === 'error').length;
  return {
    ...view(f, { events: events.length, errors }),
    events: events.map((e) => ({
      at: e.fetched_at, status: e.status, httpStatus: e.http_status, errorClass: e.error_class, error: e.error_message,
      bytes: e.bytes, durationMs: e.duration_ms, etag: e.etag, itemsSeen: e.items_seen, itemsNew: e.items_new, finalUrl: e.final_url,
    })),
  };
}
