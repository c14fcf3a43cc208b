/**
 * Turns feed bytes into a string for the parser. FOUNDATION VERSION: UTF-8 only, BOM stripped;
 * the ingest issue adds charset detection (HTTP, XML declaration, chardet) with iconv-lite.
 */
export function decodeFeedBody(body: Buffer, _contentType: string | null): string {
  let text = body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}
