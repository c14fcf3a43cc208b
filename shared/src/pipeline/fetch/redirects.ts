import { FeedError } from '../../errors/index.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/**
 * The next URL of a redirect, resolved against the current one. Redirects are followed by hand
 * so that each hop passes the scheme and address checks and the hop count is ours.
 */
export function nextRedirectUrl(current: string, location: string | string[] | undefined, hop: number, maxRedirects: number): string {
  const loc = Array.isArray(location) ? location[0] : location;
  if (!loc) throw new FeedError('http-5xx', `redirect without a Location header from ${current}`);
  if (hop >= maxRedirects) throw new FeedError('too-many-redirects', `more than ${maxRedirects} redirects, last from ${current}`, { maxRedirects });
  try {
    return new URL(loc, current).toString();
  } catch {
    throw new FeedError('bad-url', `redirect to an invalid URL from ${current}: ${loc.slice(0, 200)}`);
  }
}
