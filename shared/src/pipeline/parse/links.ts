export const MAX_LINK_LENGTH = 2048;

/**
 * Resolves a link against its bases, innermost first (item xml:base, feed xml:base, feed URL).
 * Keeps only http(s) URLs no longer than MAX_LINK_LENGTH: analysts click these.
 */
export function resolveLink(href: unknown, bases: Array<string | null | undefined>): string | null {
  if (typeof href !== 'string') return null;
  const raw = href.trim();
  if (!raw || raw.length > MAX_LINK_LENGTH) return null;
  // Bases themselves may be relative: resolve them outermost first.
  let base: string | undefined;
  for (const b of [...bases].reverse()) {
    if (!b) continue;
    try {
      base = new URL(b.trim(), base).toString();
    } catch { /* a broken base is ignored */ }
  }
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const out = url.toString();
  return out.length > MAX_LINK_LENGTH ? null : out;
}
