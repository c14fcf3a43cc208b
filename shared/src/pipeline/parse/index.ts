import Parser from 'rss-parser';
import { FeedError } from '../../errors/index.js';
import type { ParsedFeed, ParsedItem } from '../types.js';
import { parseFeedDate } from './dates.js';
import { htmlToText, titleToText } from './html-text.js';
import { canonicalUrl } from './identity.js';
import { resolveLink } from './links.js';
import { repairFeedXml, rootElementName, unprefixFeedNamespace } from './repair.js';

export { itemIdentityKey, canonicalUrl, contentHash } from './identity.js';
export { parseFeedDate } from './dates.js';
export { htmlToText } from './html-text.js';
export { resolveLink } from './links.js';

export const MAX_ITEMS_PER_DOCUMENT = 2000;

export interface ParseContext {
  feedUrl: string;
  fetchedAt: Date;
}

// Date fields in the order they are trusted. Atom's published/updated are renamed on the way in
// (x-published) because rss-parser calls toISOString() on them and throws on a bad date.
const DATE_FIELDS = ['pubDate', 'x-published', 'dc:date', 'date', 'x-updated', 'pubdate', 'PubDate', 'dcterms:issued', 'dcterms:created', 'issued', 'created', 'dcterms:modified', 'modified', 'atom:updated', 'a10:updated', 'lastBuildDate'];
const ITEM_FIELDS = ['x-published', 'x-updated', 'pubdate', 'PubDate', 'dcterms:issued', 'dcterms:created', 'dcterms:modified', 'issued', 'created', 'modified', 'atom:updated', 'a10:updated', 'description', 'guid', 'id'];

type RawItem = Record<string, unknown>;

function renameAtomDates(name: string): string {
  return name === 'published' || name === 'updated' ? `x-${name}` : name;
}

// Loose mode upper-cases names; give back the spellings rss-parser looks for.
const LOOSE_NAMES: Record<string, string> = { 'rdf:rdf': 'rdf:RDF', pubdate: 'pubDate', lastbuilddate: 'lastBuildDate', 'content:encoded': 'content:encoded' };
function looseName(name: string): string {
  const lower = name.toLowerCase();
  return renameAtomDates(LOOSE_NAMES[lower] ?? lower);
}

function makeParser(loose: boolean): Parser<RawItem, RawItem> {
  return new Parser<RawItem, RawItem>({
    defaultRSS: 2,
    customFields: { item: ITEM_FIELDS as never, feed: ['x-updated'] as never },
    xml2js: loose
      ? { strict: false, tagNameProcessors: [looseName], attrNameProcessors: [(n: string) => n.toLowerCase()] }
      : { tagNameProcessors: [renameAtomDates] },
  } as ConstructorParameters<typeof Parser>[0]);
}

function text(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return text(v[0]);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o._ === 'string') return o._;
    if (o.$ && typeof (o.$ as Record<string, unknown>).href === 'string') return (o.$ as Record<string, string>).href ?? null;
  }
  return null;
}

/** xml:base (and xml:lang) of each <item>/<entry> start tag in document order. */
function itemAttributes(xml: string, tag: string): Array<{ base: string | null }> {
  const out: Array<{ base: string | null }> = [];
  const re = new RegExp(`<${tag}(\\s[^>]*)?>`, 'g');
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const b = /\sxml:base\s*=\s*["']([^"']*)["']/.exec(m[1] ?? '');
    out.push({ base: b ? b[1]! : null });
  }
  return out;
}

function rootAttribute(xml: string, attr: string): string | null {
  const m = new RegExp(`<(?:[\\w.-]+:)?(?:feed|rss|RDF|channel)\\b[^>]*\\s${attr}\\s*=\\s*["']([^"']*)["']`).exec(xml.slice(0, 4096));
  return m ? m[1]! : null;
}

interface RssResult { title?: string; link?: string; language?: string; items?: RawItem[] }

async function tryParse(xml: string, loose: boolean): Promise<RssResult> {
  return (await makeParser(loose).parseString(xml)) as unknown as RssResult;
}

function classify(xml: string, err: unknown, feedUrl: string): FeedError {
  const root = (rootElementName(xml) ?? '').toLowerCase();
  const reason = (err as Error).message?.split('\n')[0] ?? String(err);
  if (!root || root === 'html' || root === 'body' || root === 'head' || /^!doctype html/i.test(xml.trimStart().slice(1, 15))
    || !/(^|:)(rss|feed|rdf)$/.test(root)) {
    return new FeedError('not-a-feed', `not an RSS, Atom or RDF document (root <${root || 'none'}>): ${feedUrl}`, { root });
  }
  return new FeedError('malformed-xml', `cannot parse feed ${feedUrl}: ${reason}`, { root }, { cause: err });
}

/**
 * Parses an RSS/Atom/RDF document with rss-parser; when that fails, a second chance on a
 * repaired document (entities, stray tags, prefixed Atom, missing channel), then a loose
 * (non-strict) parse. Failures are classed: not-a-feed or malformed-xml.
 */
export async function parseFeedDocument(xml: string, ctx: ParseContext): Promise<ParsedFeed> {
  let feed: RssResult;
  const unprefixed = unprefixFeedNamespace(xml);
  let source = unprefixed ?? xml;
  let repairs: string[] = unprefixed ? ['namespace-prefix'] : [];
  try {
    feed = await tryParse(source, false);
  } catch (first) {
    const repaired = repairFeedXml(source);
    source = repaired.xml;
    repairs = [...repairs, ...repaired.repairs];
    try {
      feed = await tryParse(source, false);
    } catch {
      try {
        feed = await tryParse(source, true);
        repairs.push('loose');
      } catch {
        throw classify(xml, first, ctx.feedUrl);
      }
    }
    if (!feed) throw classify(xml, first, ctx.feedUrl);
  }

  const isAtom = /(^|:)feed$/.test(rootElementName(source) ?? '');
  const feedBase = rootAttribute(source, 'xml:base');
  const attrs = itemAttributes(source, isAtom ? 'entry' : 'item');
  const rawItems = feed.items ?? [];
  const useAttrs = attrs.length === rawItems.length;
  const items: ParsedItem[] = [];
  for (const [i, it] of rawItems.slice(0, MAX_ITEMS_PER_DOCUMENT).entries()) {
    const bases = [useAttrs ? attrs[i]!.base : null, feedBase, ctx.feedUrl];
    const guid = text(it.guid) ?? text(it.id) ?? text(it['rdf:about']);
    let link = resolveLink(text(it.link), bases);
    // An RSS guid is a permalink unless it says otherwise.
    if (!link && guid && /^https?:\/\//i.test(guid)) link = resolveLink(guid, bases);
    const html = text(it['content:encoded']) ?? text(it.content) ?? text(it.summary) ?? text(it.description) ?? null;
    let published: Date | null = null;
    for (const f of DATE_FIELDS) {
      published = parseFeedDate(text(it[f]));
      if (published) break;
    }
    const title = titleToText(text(it.title) ?? '');
    const body = htmlToText(html);
    items.push({
      guid: guid?.trim() || null,
      link,
      canonicalUrl: canonicalUrl(link),
      title,
      text: body,
      html,
      published: published ?? ctx.fetchedAt,
      dateInferred: !published,
    });
  }
  const feedLink = resolveLink(text(feed.link), [feedBase, ctx.feedUrl]);
  return {
    title: feed.title ? titleToText(text(feed.title) ?? '') || null : null,
    language: (text(feed.language) ?? rootAttribute(source, 'xml:lang'))?.trim() || null,
    link: feedLink,
    items,
    repairs,
    itemsDropped: Math.max(0, rawItems.length - MAX_ITEMS_PER_DOCUMENT),
  };
}
