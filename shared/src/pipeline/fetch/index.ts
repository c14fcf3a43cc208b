import { request } from 'undici';
import type { Readable } from 'node:stream';
import { FeedError } from '../../errors/index.js';
import type { FetchedDocument, FetchValidators } from '../types.js';
import { gunzipIfCompressed, readBodyCapped } from './body.js';
import { BlockedAddressError, createGuardedAgent, type LookupFunction } from './http-client.js';
import { isRedirect, nextRedirectUrl } from './redirects.js';
import { blockedAddressReason, isIpLiteral, parseAllowlist, type Allowlist } from './ssrf.js';

export { parseAllowlist, blockedAddressReason, addressClass } from './ssrf.js';
export { gunzipIfCompressed } from './body.js';
export type { LookupFunction } from './http-client.js';

export interface FetchOptions {
  validators?: FetchValidators;
  userAgent: string;
  connectTimeoutMs: number;
  /** Whole fetch, all hops and the body included. */
  timeoutMs: number;
  /** Body cap, counted after decompression. */
  maxBytes: number;
  maxRedirects: number;
  /** Hosts, IPs or CIDRs allowed although private. */
  allowlist: string[];
  /** DNS resolver (dns.lookup signature); tests inject one to simulate DNS. */
  lookup?: LookupFunction;
  /** Receives refused destinations (the SSRF guard's log). */
  onBlocked?: (event: { url: string; reason: string }) => void;
}

export const MAX_URL_LENGTH = 2048;
const ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5';

/** Refuses what can be refused before any socket: bad URLs, other schemes, blocked IP literals. */
export function checkFeedUrl(url: string, allow: Allowlist): URL {
  if (url.length > MAX_URL_LENGTH) throw new FeedError('bad-url', `URL longer than ${MAX_URL_LENGTH} characters`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FeedError('bad-url', `not a URL: ${url.slice(0, 200)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new FeedError('bad-url', `only http and https are fetched: ${url.slice(0, 200)}`);
  if (parsed.username || parsed.password) throw new FeedError('bad-url', 'URLs with credentials are not fetched');
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  // net.connect does not call lookup for IP literals, so they are checked here.
  if (isIpLiteral(host)) {
    const reason = blockedAddressReason(host, allow);
    if (reason) throw new FeedError('blocked-address', `refused ${url}: ${reason}`, { reason });
  } else if (host === 'localhost' || host.endsWith('.localhost')) {
    const reason = blockedAddressReason('127.0.0.1', allow, host);
    if (reason) throw new FeedError('blocked-address', `refused ${url}: localhost`, { reason: 'localhost' });
  }
  return parsed;
}

/** Retry-After as milliseconds from now (delta-seconds or an HTTP date), or null. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  if (/^\s*\d+\s*$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function header(h: Record<string, string | string[] | undefined>, name: string): string | null {
  const v = h[name];
  return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
}

function findBlocked(err: unknown): BlockedAddressError | null {
  for (let e = err as { cause?: unknown } | undefined, i = 0; e && i < 5; e = e.cause as typeof e, i++) {
    if (e instanceof BlockedAddressError) return e;
  }
  return null;
}

function classifyNetworkError(err: unknown, url: string, o: FetchOptions, timedOut: boolean): FeedError {
  if (err instanceof FeedError) return err;
  const blocked = findBlocked(err);
  if (blocked) return new FeedError('blocked-address', `refused ${url}: ${blocked.reason}`, { reason: blocked.reason });
  const code = (err as { code?: string }).code ?? '';
  if (timedOut) return new FeedError('timeout', `timed out after ${o.timeoutMs} ms: ${url}`, { timeoutMs: o.timeoutMs });
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new FeedError('timeout', `connect timed out after ${o.connectTimeoutMs} ms: ${url}`, { timeoutMs: o.connectTimeoutMs });
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return new FeedError('timeout', `timed out: ${url}`);
  const msg = (err as Error).message ?? String(err);
  return new FeedError('network', `cannot fetch ${url}: ${code ? `${code} ` : ''}${msg}`.slice(0, 500), { errno: code }, { cause: err });
}

/**
 * Fetches one feed document: http/https only, every hop's resolved address checked before the
 * socket connects, at most `maxRedirects` hops, one deadline for everything, the body
 * decompressed (br, gzip, deflate) and capped after decompression, conditional GET.
 */
export async function fetchFeed(url: string, options: FetchOptions): Promise<FetchedDocument> {
  const started = Date.now();
  const allow = parseAllowlist(options.allowlist);
  const headers: Record<string, string> = {
    'user-agent': options.userAgent,
    accept: ACCEPT,
    'accept-encoding': 'br, gzip, deflate',
  };
  if (options.validators?.etag) headers['if-none-match'] = options.validators.etag;
  if (options.validators?.lastModified) headers['if-modified-since'] = options.validators.lastModified;

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; controller.abort(); }, options.timeoutMs);
  const agent = createGuardedAgent({ connectTimeoutMs: options.connectTimeoutMs, allow, lookup: options.lookup });
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      try {
        checkFeedUrl(current, allow);
      } catch (err) {
        if (err instanceof FeedError && err.code === 'blocked-address') options.onBlocked?.({ url: current, reason: String(err.details.reason) });
        throw err;
      }
      let res: Awaited<ReturnType<typeof request>>;
      try {
        res = await request(current, { dispatcher: agent, method: 'GET', headers, signal: controller.signal });
      } catch (err) {
        const classed = classifyNetworkError(err, current, options, timedOut);
        if (classed.code === 'blocked-address') options.onBlocked?.({ url: current, reason: String(classed.details.reason) });
        throw classed;
      }
      const h = res.headers;
      if (isRedirect(res.statusCode)) {
        await res.body.dump().catch(() => {});
        current = nextRedirectUrl(current, h.location, hop, options.maxRedirects);
        continue;
      }
      const common = {
        contentType: header(h, 'content-type'),
        finalUrl: current,
        etag: header(h, 'etag'),
        lastModified: header(h, 'last-modified'),
      };
      if (res.statusCode === 304) {
        await res.body.dump().catch(() => {});
        return { status: 304, body: Buffer.alloc(0), bytes: 0, durationMs: Date.now() - started, ...common };
      }
      if (res.statusCode < 200 || res.statusCode >= 300) {
        await res.body.dump().catch(() => {});
        const retryAfterMs = parseRetryAfter(h['retry-after']);
        const details = { status: res.statusCode, ...(retryAfterMs !== null ? { retryAfterMs } : {}) };
        if (res.statusCode === 429) throw new FeedError('rate-limited', `HTTP 429 from ${current}${retryAfterMs !== null ? `, retry after ${Math.round(retryAfterMs / 1000)} s` : ''}`, details);
        throw new FeedError(res.statusCode >= 500 ? 'http-5xx' : 'http-4xx', `HTTP ${res.statusCode} from ${current}`, details);
      }
      const length = Number(header(h, 'content-length'));
      const encoding = header(h, 'content-encoding');
      if (!encoding && Number.isFinite(length) && length > options.maxBytes) {
        res.body.destroy();
        throw new FeedError('too-large', `body of ${length} bytes over ${options.maxBytes}: ${current}`, { maxBytes: options.maxBytes });
      }
      let body: Buffer;
      let wireBytes: number;
      try {
        ({ body, wireBytes } = await readBodyCapped(res.body as unknown as Readable, encoding, options.maxBytes, current));
      } catch (err) {
        throw classifyNetworkError(err, current, options, timedOut);
      }
      body = gunzipIfCompressed(body, options.maxBytes);
      return { status: 200, body, bytes: body.length, wireBytes, durationMs: Date.now() - started, ...common };
    }
  } finally {
    clearTimeout(timer);
    agent.destroy().catch(() => {});
  }
}
