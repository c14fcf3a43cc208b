import { detectCharset, decodeWith, type CharsetDecision } from './charset.js';
import { sanitizeXmlText } from './sanitize.js';

export { detectCharset, httpCharset, xmlDeclaredEncoding, type CharsetDecision, type CharsetRule } from './charset.js';
export { sanitizeXmlText } from './sanitize.js';

export interface DecodedFeedBody extends CharsetDecision {
  text: string;
}

/** Decodes feed bytes (see detectCharset for the order of evidence) into clean XML text. */
export function decodeFeedBodyDetailed(body: Buffer, contentType: string | null): DecodedFeedBody {
  const decision = detectCharset(body, contentType);
  return { ...decision, text: sanitizeXmlText(decodeWith(body, decision)) };
}

/** Turns feed bytes into a string for the parser. */
export function decodeFeedBody(body: Buffer, contentType: string | null): string {
  return decodeFeedBodyDetailed(body, contentType).text;
}
