import { createHash } from 'node:crypto';
import type { ParsedItem } from '../types.js';

// Parameters that say who sent the click, not what the page is.
const TRACKING_PARAMS = /^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|ysclid|mc_cid|mc_eid|_ga|_gl|igshid|ref_src|ref_url|cmpid|ncid|ocid|sr_share|at_medium|at_campaign|at_custom\d|rss_id|from|ito|spm|s_cid|itm_[a-z_]+|__twitter_impression|wt_mc|wt\.mc_id)$/i;

/**
 * A URL normalised for "is this the same story": lower-case scheme and host, no default port,
 * no fragment, tracking parameters removed, remaining parameters sorted, no "www.".
 */
export function canonicalUrl(link: string | null | undefined): string | null {
  if (!link) return null;
  let u: URL;
  try {
    u = new URL(link.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.hash = '';
  u.hostname = u.hostname.toLowerCase().replace(/^www\./, '');
  // http and https are the same story.
  u.protocol = 'https:';
  if (u.port === '443' || u.port === '80') u.port = '';
  const kept = [...u.searchParams.entries()].filter(([k]) => !TRACKING_PARAMS.test(k)).sort(([a], [b]) => a.localeCompare(b));
  u.search = '';
  for (const [k, v] of kept) u.searchParams.append(k, v);
  if (u.pathname.length > 1 && u.pathname.endsWith('/')) u.pathname = u.pathname.replace(/\/+$/, '');
  return u.toString();
}

/** A hash of the normalised title and text: the identity of an item with neither guid nor link. */
export function contentHash(item: Pick<ParsedItem, 'title' | 'text'>): string {
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${norm(item.title)}\n${norm(item.text)}`).digest('hex');
}

/**
 * The natural identity of an item inside its feed: its guid, else its canonical URL, else a
 * hash of title + text.
 */
export function itemIdentityKey(item: Pick<ParsedItem, 'guid' | 'link' | 'title' | 'text'>): string {
  if (item.guid && item.guid.trim()) return `guid:${item.guid.trim()}`;
  const url = canonicalUrl(item.link);
  if (url) return `url:${url}`;
  return `hash:${contentHash(item)}`;
}
