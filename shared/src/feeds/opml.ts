import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { NarmonError } from '../errors/index.js';

export interface OpmlFeed {
  url: string;
  title?: string;
  language?: string;
  tags: string[];
  intervalMinutes?: number;
  intervalPinned?: boolean;
}

/**
 * Feeds from an OPML document: every outline with an xmlUrl, nested outlines' titles become
 * tags (the usual "folder" convention), `category` attributes too.
 */
export function readOpml(xml: string): OpmlFeed[] {
  let doc: Record<string, unknown>;
  try {
    doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'outline', processEntities: true }).parse(xml);
  } catch (err) {
    throw new NarmonError('invalid-opml', `not an OPML document: ${(err as Error).message.split('\n')[0]}`);
  }
  const body = (doc.opml as { body?: { outline?: unknown[] } } | undefined)?.body;
  if (!doc.opml || !body) throw new NarmonError('invalid-opml', 'not an OPML document: no <opml><body>');
  const out: OpmlFeed[] = [];
  const walk = (outlines: unknown[] | undefined, folders: string[]) => {
    for (const o of outlines ?? []) {
      const a = o as Record<string, unknown> & { outline?: unknown[] };
      const title = String(a.title ?? a.text ?? '').trim();
      const xmlUrl = typeof a.xmlUrl === 'string' ? a.xmlUrl.trim() : typeof a.xmlurl === 'string' ? a.xmlurl.trim() : '';
      if (xmlUrl) {
        const categories = typeof a.category === 'string' ? a.category.split(/[,/]/).map((s) => s.trim()).filter(Boolean) : [];
        const interval = Number(a.narmonInterval);
        out.push({
          url: xmlUrl,
          ...(title ? { title } : {}),
          ...(typeof a.language === 'string' && a.language ? { language: a.language } : {}),
          ...(Number.isInteger(interval) && interval >= 5 && interval <= 1440 ? { intervalMinutes: interval } : {}),
          ...(a.narmonIntervalPinned === 'true' ? { intervalPinned: true } : {}),
          tags: [...new Set([...folders, ...categories])],
        });
      }
      if (a.outline) walk(a.outline, title && !xmlUrl ? [...folders, title] : folders);
    }
  };
  walk(body.outline, []);
  return out;
}

/** An OPML 2.0 document of feeds; tags go to `category`, so a round trip keeps them. */
export function writeOpml(feeds: Array<{ url: string; title: string | null; language: string | null; tags: string[]; interval_minutes: number; interval_pinned: boolean }>, title = 'narmon feeds', now = new Date()): string {
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true, suppressBooleanAttributes: false });
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    opml: {
      '@_version': '2.0',
      head: { title, dateCreated: now.toUTCString() },
      body: {
        outline: feeds.map((f) => ({
          '@_type': 'rss',
          '@_text': f.title ?? f.url,
          ...(f.title ? { '@_title': f.title } : {}),
          '@_xmlUrl': f.url,
          ...(f.language ? { '@_language': f.language } : {}),
          ...(f.tags.length ? { '@_category': f.tags.join(',') } : {}),
          '@_narmonInterval': String(f.interval_minutes),
          ...(f.interval_pinned ? { '@_narmonIntervalPinned': 'true' } : {}),
        })),
      },
    },
  });
}
