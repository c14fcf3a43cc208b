// Characters XML 1.0 forbids: C0 controls but tab/LF/CR, U+FFFE/U+FFFF and lone surrogates.
// One stray control byte from a CMS makes a strict parser give up on the whole feed.
const ILLEGAL_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Strips a BOM, anything before the first "<" (PHP notices, blank lines) and XML-illegal characters. */
export function sanitizeXmlText(text: string): string {
  let t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = t.indexOf('<');
  if (first > 0) t = t.slice(first);
  return t.replace(ILLEGAL_XML_CHARS, '');
}
