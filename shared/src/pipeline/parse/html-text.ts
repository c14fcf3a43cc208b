import { decodeHTML } from 'entities';

const BLOCK = /<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|table|blockquote|section|article|header|footer|pre|hr|dd|dt|figure|figcaption)\b[^>]*>/gi;

/** Plain text of an HTML fragment for analysis: scripts, styles and tags removed, entities decoded. */
export function htmlToText(html: string | null | undefined): string {
  if (!html) return '';
  const text = html
    .replace(/<!\[CDATA\[|\]\]>/g, '')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|noscript|iframe|svg)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(BLOCK, '\n')
    .replace(/<[^>]*>/g, ' ');
  return decodeHTML(text)
    .replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000]/g, ' ')
    .split('\n')
    .map((l) => l.replace(/[ \t\r\f\v]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/** A title as text: markup and entities some feeds leave in titles are resolved. */
export function titleToText(title: string): string {
  if (!/[<&]/.test(title)) return title.replace(/\s+/g, ' ').trim();
  return htmlToText(title).replace(/\s+/g, ' ').trim();
}
