import { decodeHTML } from 'entities';

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** Bare "&" becomes "&amp;"; HTML named entities (&nbsp;, &mdash;) become numeric references. */
export function repairEntities(xml: string): string {
  return xml.replace(/&(?:(#\d{1,7}|#x[0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{0,31}));?/g, (whole, numeric: string | undefined, name: string | undefined) => {
    if (numeric) return whole.endsWith(';') ? whole : `&${numeric};`;
    if (name && XML_ENTITIES.has(name) && whole.endsWith(';')) return whole;
    if (name && whole.endsWith(';')) {
      const decoded = decodeHTML(whole);
      if (decoded !== whole) return [...decoded].map((c) => `&#${c.codePointAt(0)};`).join('');
    }
    return `&amp;${whole.slice(1)}`;
  });
}

/** The first element's name, skipping the prolog, comments and doctype. */
export function rootElementName(xml: string): string | null {
  const re = /<(!--[\s\S]*?--|!\[CDATA\[[\s\S]*?\]\]|\?[\s\S]*?\?|![^>]*|([A-Za-z_][\w:.-]*))/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) if (m[2]) return m[2];
  return null;
}

const FEED_NAMESPACES = ['http://www.w3.org/2005/Atom', 'http://purl.org/atom/ns#', 'http://purl.org/rss/1.0/'];

/**
 * rss-parser reads element names literally, so `<atom:feed>` or `<p0:entry xmlns:p0="...Atom">`
 * is invisible to it. In an Atom or RSS 1.0 document, prefixes bound to the document's own
 * namespace are dropped. (Never in RSS 2.0, whose `<atom:link>` must stay what it is.)
 */
export function unprefixFeedNamespace(xml: string): string | null {
  const root = rootElementName(xml) ?? '';
  if (!/(^|:)feed$/.test(root) && !/^rdf:rdf$/i.test(root)) return null;
  const prefixes = new Set<string>();
  const re = /xmlns:([\w.-]+)\s*=\s*["']([^"']+)["']/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) if (FEED_NAMESPACES.includes(m[2]!.trim())) prefixes.add(m[1]!);
  if (root.includes(':') && !/^rdf:/i.test(root)) prefixes.add(root.split(':')[0]!);
  if (prefixes.size === 0) return null;
  let out = xml;
  for (const p of prefixes) {
    const q = p.replace(/[.-]/g, '\\$&');
    out = out.replace(new RegExp(`<(/?)${q}:`, 'g'), '<$1').replace(new RegExp(`xmlns:${q}(\\s*=)`, 'g'), 'xmlns$1');
  }
  return out;
}

/** `<rss>` with items but no `<channel>`: wrap the content in one. */
export function addMissingChannel(xml: string): string | null {
  if (!/^rss$/i.test(rootElementName(xml) ?? '') || /<channel[\s>]/i.test(xml)) return null;
  const open = /<rss\b[^>]*>/i.exec(xml);
  const close = xml.search(/<\/rss\s*>/i);
  if (!open) return null;
  const start = open.index + open[0].length;
  const end = close > start ? close : xml.length;
  return `${xml.slice(0, start)}<channel>${xml.slice(start, end)}</channel>${close > start ? xml.slice(close) : '</rss>'}`;
}

/** RSS 1.0 (RDF) without a <channel>: rss-parser needs one, even empty. */
export function addMissingRdfChannel(xml: string): string | null {
  if (!/^rdf:rdf$/i.test(rootElementName(xml) ?? '') || /<([\w.-]+:)?channel[\s>/]/.test(xml)) return null;
  const open = /<rdf:RDF\b[^>]*>/i.exec(xml);
  if (!open) return null;
  const at = open.index + open[0].length;
  return `${xml.slice(0, at)}<channel></channel>${xml.slice(at)}`;
}

/**
 * Rebalances tags: a close tag with no open partner is dropped, one that closes an outer
 * element first closes the ones left open inside it, and whatever is open at the end is closed.
 * Content after the root's end (a second document, trailing junk) is cut.
 */
export function balanceTags(xml: string): string {
  const out: string[] = [];
  const stack: string[] = [];
  const re = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<![^>]*>|<(\/?)([A-Za-z_][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;
  let last = 0;
  let rootClosed = false;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const [whole, slash, name, , selfClose] = m;
    out.push(xml.slice(last, m.index));
    last = m.index + whole.length;
    if (!name) { out.push(whole); continue; }
    if (rootClosed) break;
    if (!slash) {
      out.push(whole);
      if (!selfClose) stack.push(name);
      continue;
    }
    const at = stack.lastIndexOf(name);
    if (at === -1) continue; // stray close tag
    while (stack.length > at + 1) out.push(`</${stack.pop()}>`);
    stack.pop();
    out.push(whole);
    if (stack.length === 0) rootClosed = true;
  }
  if (!rootClosed) out.push(xml.slice(last));
  while (stack.length) out.push(`</${stack.pop()}>`);
  return out.join('');
}

/** Unquoted attribute values (`<link href=http://x>`): quote them. */
export function quoteAttributes(xml: string): string {
  return xml.replace(/<([A-Za-z_][\w:.-]*)(\s[^<>]*?)(\/?)>/g, (whole, name: string, attrs: string, sc: string) => {
    if (!/=\s*[^"'\s]/.test(attrs)) return whole;
    const fixed = attrs.replace(/([\w:.-]+)\s*=\s*([^"'\s>]+)/g, (_a, k: string, v: string) => `${k}="${v.replace(/"/g, '&quot;')}"`);
    return `<${name}${fixed}${sc}>`;
  });
}

/** The second chance: every repair that applies, with their names for the record. */
export function repairFeedXml(xml: string): { xml: string; repairs: string[] } {
  const repairs: string[] = [];
  let x = xml;
  const step = (name: string, next: string | null) => {
    if (next !== null && next !== x) { x = next; repairs.push(name); }
  };
  step('entities', repairEntities(x));
  step('rss-channel', addMissingChannel(x));
  step('rdf-channel', addMissingRdfChannel(x));
  step('attribute-quotes', quoteAttributes(x));
  step('tag-balance', balanceTags(x));
  return { xml: x, repairs };
}
