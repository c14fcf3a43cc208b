import { createHash } from 'node:crypto';
import type { ParsedItem } from '../types.js';

/**
 * The natural identity of an item inside its feed: its guid, else its URL, else a hash of
 * title + text. FOUNDATION VERSION: the ingest issue canonicalises URLs (tracking parameters).
 */
export function itemIdentityKey(item: Pick<ParsedItem, 'guid' | 'link' | 'title' | 'text'>): string {
  if (item.guid && item.guid.trim()) return `guid:${item.guid.trim()}`;
  if (item.link && item.link.trim()) return `url:${item.link.trim()}`;
  return `hash:${createHash('sha256').update(`${item.title}\n${item.text}`).digest('hex')}`;
}
