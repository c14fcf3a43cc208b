import { FeedError } from '../../errors/index.js';
import type { FetchedDocument, FetchValidators } from '../types.js';

export interface FetchOptions {
  validators?: FetchValidators;
  userAgent: string;
  connectTimeoutMs: number;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** Hosts, IPs or CIDRs allowed although private. */
  allowlist: string[];
}

/**
 * Fetches one feed document. FOUNDATION VERSION: plain fetch with a timeout and a body cap;
 * the ingest issue replaces it with SSRF checks at connect time, redirects and decompression caps.
 */
export async function fetchFeed(url: string, options: FetchOptions): Promise<FetchedDocument> {
  const started = Date.now();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FeedError('bad-url', `not a URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new FeedError('bad-url', `only http and https are fetched: ${url}`);
  const headers: Record<string, string> = { 'user-agent': options.userAgent, accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5' };
  if (options.validators?.etag) headers['if-none-match'] = options.validators.etag;
  if (options.validators?.lastModified) headers['if-modified-since'] = options.validators.lastModified;
  let res: Response;
  try {
    res = await fetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (err) {
    if (err instanceof Error && err.name === 'TimeoutError') throw new FeedError('timeout', `timed out after ${options.timeoutMs} ms: ${url}`);
    throw new FeedError('network', `cannot fetch ${url}: ${(err as Error).message}`, {}, { cause: err });
  }
  const common = { contentType: res.headers.get('content-type'), finalUrl: res.url || url, etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') };
  if (res.status === 304) return { status: 304, body: Buffer.alloc(0), bytes: 0, durationMs: Date.now() - started, ...common };
  if (res.status >= 400) throw new FeedError(res.status >= 500 ? 'http-5xx' : 'http-4xx', `HTTP ${res.status} from ${url}`, { status: res.status });
  const body = Buffer.from(await res.arrayBuffer());
  if (body.length > options.maxBytes) throw new FeedError('too-large', `body over ${options.maxBytes} bytes: ${url}`);
  return { status: 200, body, bytes: body.length, durationMs: Date.now() - started, ...common };
}
