import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';

export type CharsetRule = 'bom' | 'sniff' | 'http-charset' | 'xml-decl' | 'utf8-valid' | 'default-utf8' | 'chardet' | 'fallback';

export interface CharsetDecision {
  /** The encoding chosen, as a lower-case label ("windows-1251", "utf-16le"). */
  encoding: string;
  /** The codec actually used (a superset where browsers use one: latin1 -> windows-1252, gb2312 -> gb18030). */
  codec: string;
  rule: CharsetRule;
  /** Byte length of a byte-order mark to skip. */
  bomLength: number;
}

// WHATWG maps these labels to their supersets; feeds in the wild rely on it (smart quotes in "latin1").
const SUPERSET: Record<string, string> = {
  'us-ascii': 'windows-1252', ascii: 'windows-1252', 'iso-8859-1': 'windows-1252', latin1: 'windows-1252', 'iso8859-1': 'windows-1252',
  'iso_8859-1': 'windows-1252', 'iso-8859-9': 'windows-1254', gb2312: 'gb18030', gbk: 'gb18030', 'x-gbk': 'gb18030', 'euc-kr': 'cp949',
  'ks_c_5601-1987': 'cp949', 'tis-620': 'windows-874', 'iso-8859-11': 'windows-874', 'x-sjis': 'shift_jis', 'shift-jis': 'shift_jis',
  'windows-31j': 'shift_jis', 'x-euc-jp': 'euc-jp', 'utf8': 'utf-8', 'unicode-1-1-utf-8': 'utf-8',
};

function normaliseLabel(raw: string): string {
  return raw.trim().replace(/^["']|["']$/g, '').trim().toLowerCase();
}

function codecFor(label: string): string | null {
  const l = normaliseLabel(label);
  const codec = SUPERSET[l] ?? l;
  return iconv.encodingExists(codec) ? codec : null;
}

/** The charset parameter of a Content-Type, tolerant of quotes and spaces ("charset = 'us-ascii'"). */
export function httpCharset(contentType: string | null): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*("[^"]*"|'[^']*'|[^;\s]+)/i.exec(contentType);
  return m ? normaliseLabel(m[1]!) || null : null;
}

/** The encoding named by the XML declaration, read from the first bytes as ASCII. */
export function xmlDeclaredEncoding(body: Buffer): string | null {
  const head = body.subarray(0, 1024).toString('latin1');
  const m = /^[\s\S]{0,64}?<\?xml[^>]*?\sencoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)\s*["']/.exec(head);
  return m ? m[1]!.toLowerCase() : null;
}

function bomOf(body: Buffer): { encoding: string; length: number } | null {
  const [a, b, c, d] = body;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return { encoding: 'utf-32le', length: 4 };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** UTF-16/32 without a BOM, recognised by how "<" (and "<?") is laid out (XML 1.0 appendix F). */
function sniffWide(body: Buffer): string | null {
  const [a, b, c, d] = body;
  if (a === 0 && b === 0 && c === 0 && d === 0x3c) return 'utf-32be';
  if (a === 0x3c && b === 0 && c === 0 && d === 0) return 'utf-32le';
  if (a === 0 && b === 0x3c && c === 0 && d !== 0) return 'utf-16be';
  if (a === 0x3c && b === 0 && c !== 0 && d === 0) return 'utf-16le';
  return null;
}

function hasHighBytes(body: Buffer): boolean {
  for (let i = 0; i < body.length; i++) if (body[i]! >= 0x80) return true;
  return false;
}

const WIDE = /^utf-?(16|32)/;

const LATIN_SCRIPT = new Set(['iso-8859-1', 'iso-8859-2', 'iso-8859-3', 'iso-8859-4', 'iso-8859-9', 'iso-8859-10', 'iso-8859-13',
  'iso-8859-14', 'iso-8859-15', 'iso-8859-16', 'windows-1250', 'windows-1252', 'windows-1254', 'windows-1257', 'windows-1258']);

/** Share of high bytes among the letters of the text outside tags. */
function highByteShareOfText(body: Buffer): number {
  const s = body.subarray(0, 256 * 1024).toString('latin1').replace(/<[^>]*>/g, ' ');
  let high = 0, ascii = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) high++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) ascii++;
  }
  return high + ascii === 0 ? 0 : high / (high + ascii);
}

/**
 * Picks the encoding of feed bytes: BOM, then UTF-16/32 layout, then the HTTP charset, then the
 * XML declaration; valid UTF-8 with non-ASCII bytes wins over a label that says otherwise
 * (mislabelled feeds are common, accidental valid UTF-8 is not); unlabelled non-UTF-8 bytes go
 * to chardet, and windows-1252 is the last resort.
 */
export function detectCharset(body: Buffer, contentType: string | null): CharsetDecision {
  const bom = bomOf(body);
  if (bom) return { encoding: bom.encoding, codec: bom.encoding, rule: 'bom', bomLength: bom.length };
  const wide = sniffWide(body);
  if (wide) return { encoding: wide, codec: wide, rule: 'sniff', bomLength: 0 };

  const high = hasHighBytes(body);
  const validUtf8 = isUtf8(body);
  for (const [label, rule] of [[httpCharset(contentType), 'http-charset'], [xmlDeclaredEncoding(body), 'xml-decl']] as const) {
    if (!label || WIDE.test(label)) continue; // a wide label on ASCII-compatible bytes is wrong
    const codec = codecFor(label);
    if (!codec) continue; // unknown label: fall through to the next source
    if (high && validUtf8 && codec !== 'utf-8') return { encoding: 'utf-8', codec: 'utf-8', rule: 'utf8-valid', bomLength: 0 };
    if (codec === 'utf-8' && high && !validUtf8) break; // labelled UTF-8 but is not: let chardet look
    return { encoding: normaliseLabel(label), codec, rule, bomLength: 0 };
  }
  if (!high || validUtf8) return { encoding: 'utf-8', codec: 'utf-8', rule: high ? 'utf8-valid' : 'default-utf8', bomLength: 0 };
  const candidates = chardet.analyse(body.subarray(0, 256 * 1024)).filter((r) => r.name !== 'UTF-8' && !WIDE.test(r.name.toLowerCase()) && codecFor(r.name));
  let guess = candidates[0];
  // chardet likes Latin-1 for any single-byte text; but Latin-script prose is mostly ASCII
  // letters, so text that is mostly high bytes (Thai, Hebrew, Greek) takes the best non-Latin guess.
  if (guess && LATIN_SCRIPT.has(guess.name.toLowerCase()) && highByteShareOfText(body) > 0.5) {
    guess = candidates.find((r) => !LATIN_SCRIPT.has(r.name.toLowerCase())) ?? guess;
  }
  if (guess) return { encoding: guess.name.toLowerCase(), codec: codecFor(guess.name)!, rule: 'chardet', bomLength: 0 };
  return { encoding: 'windows-1252', codec: 'windows-1252', rule: 'fallback', bomLength: 0 };
}

export function decodeWith(body: Buffer, decision: CharsetDecision): string {
  return iconv.decode(body.subarray(decision.bomLength), decision.codec, { stripBOM: true });
}
