import Parser from 'rss-parser';
import { FeedError } from '../../errors/index.js';
import type { ParsedFeed, ParsedItem } from '../types.js';

export { itemIdentityKey } from './identity.js';

const parser = new Parser({ defaultRSS: 2 });

export interface ParseContext {
  feedUrl: string;
  fetchedAt: Date;
}

function stripHtml(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Parses an RSS/Atom/RDF document. FOUNDATION VERSION: rss-parser with dates from isoDate;
 * the ingest issue adds the second-chance repairs, multilingual dates and link resolution.
 */
export async function parseFeedDocument(xml: string, ctx: ParseContext): Promise<ParsedFeed> {
  let feed: Awaited<ReturnType<typeof parser.parseString>>;
  try {
    feed = await parser.parseString(xml);
  } catch (err) {
    throw new FeedError('malformed-xml', `cannot parse feed ${ctx.feedUrl}: ${(err as Error).message.split('\n')[0]}`, {}, { cause: err });
  }
  const items: ParsedItem[] = (feed.items ?? []).map((it) => {
    const html = (it['content:encoded'] as string | undefined) ?? it.content ?? null;
    const published = it.isoDate ? new Date(it.isoDate) : null;
    const validDate = published && !Number.isNaN(published.getTime()) ? published : null;
    return {
      guid: it.guid ?? (it as { id?: string }).id ?? null,
      link: it.link ?? null,
      title: (it.title ?? '').trim(),
      text: stripHtml(it.contentSnippet ?? html ?? it.summary ?? ''),
      html,
      published: validDate ?? ctx.fetchedAt,
      dateInferred: !validDate,
    };
  });
  return { title: feed.title ?? null, language: (feed as { language?: string }).language ?? null, link: feed.link ?? null, items };
}
