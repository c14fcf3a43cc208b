import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { FeedError } from '../../../src/errors/index.js';
import { decodeFeedBodyDetailed } from '../../../src/pipeline/decode/index.js';
import { fetchFeed, type FetchOptions } from '../../../src/pipeline/fetch/index.js';
import { parseFeedDocument } from '../../../src/pipeline/parse/index.js';
import { htmlToText } from '../../../src/pipeline/parse/html-text.js';
import { startLocalServer, type LocalServer } from '../../../../test/support/feed-server.js';

// Every real document of ../shared/fixtures/feeds goes through the same fetch -> decode -> parse
// path as a polled feed, served with the manifest's Content-Type, plain and gzipped.
const ROOT = path.resolve(process.cwd(), '../shared/fixtures/feeds');

interface Entry {
  file: string;
  http_content_type?: string | null;
  expected: { item_count?: number; first_item_title?: string | null; feed_title?: string; encoding?: string; throws?: boolean; not_a_feed?: boolean; bozo?: boolean };
  computed: { gzip: boolean; utf8_valid: boolean; non_ascii_bytes: boolean };
}
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'manifest.json'), 'utf8')) as { files: Entry[] };
for (const f of manifest.files) f.expected ??= {};

// Encoding names that decode these bytes identically (supersets, or ASCII-only text where
// RFC 3023's us-ascii default and our UTF-8 default agree).
const SAME_ENCODING: string[][] = [['gb2312', 'gb18030', 'gbk'], ['tis-620', 'windows-874', 'iso-8859-11'], ['windows-1255', 'iso-8859-8'], ['euc-kr', 'cp949']];
function sameEncoding(expected: string, got: string, asciiOnly: boolean): boolean {
  const e = expected.toLowerCase(); const g = got.toLowerCase();
  if (e === g) return true;
  if (asciiOnly && [e, g].every((x) => ['us-ascii', 'utf-8', 'iso-8859-1', 'windows-1252'].includes(x))) return true;
  return SAME_ENCODING.some((set) => set.includes(e) && set.includes(g));
}
// rss-parser's golden output for this file decoded ISO-8859-1 bytes as UTF-8 (its title holds
// U+FFFD); we decode them correctly, so the golden title cannot match by design.
const GOLDEN_MOJIBAKE = new Set(['rss-parser/uolNoticias.rss']);
const norm = (s: string | null | undefined) => htmlToText(s ?? '').replace(/\s+/g, ' ').trim();

let server: LocalServer;
const byPath = new Map(manifest.files.map((f) => [`/${f.file}`, f]));
beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    const [pathname, query] = (req.url ?? '/').split('?');
    const entry = byPath.get(decodeURI(pathname ?? ''));
    if (!entry) { res.writeHead(404); res.end(); return; }
    let body = readFileSync(path.join(ROOT, entry.file));
    const headers: Record<string, string> = {};
    if (entry.http_content_type) headers['content-type'] = entry.http_content_type;
    if (entry.computed.gzip) headers['content-encoding'] = 'gzip';
    else if (query === 'gzip') { body = zlib.gzipSync(body); headers['content-encoding'] = 'gzip'; }
    res.writeHead(200, headers);
    res.end(body);
  });
});
afterAll(() => server.close());

const options: FetchOptions = { userAgent: 'narmon-test', connectTimeoutMs: 2000, timeoutMs: 10_000, maxBytes: 15 << 20, maxRedirects: 5, allowlist: ['127.0.0.1'] };

interface Row { file: string; outcome: string; items: number | null; expectedItems?: number; title: 'match' | 'mismatch' | 'n/a'; encoding: string; expectedEncoding?: string; encodingOk: boolean | null; datesInferred: number; replacementChars: boolean; note?: string }

async function run(entry: Entry, gzip: boolean): Promise<Row> {
  const row: Row = { file: entry.file, outcome: '', items: null, title: 'n/a', encoding: '', encodingOk: null, datesInferred: 0, replacementChars: false };
  try {
    const doc = await fetchFeed(`${server.url}/${encodeURI(entry.file)}${gzip ? '?gzip' : ''}`, options);
    const decoded = decodeFeedBodyDetailed(doc.body, doc.contentType);
    row.encoding = `${decoded.encoding} (${decoded.rule})`;
    if (entry.expected.encoding) {
      row.expectedEncoding = entry.expected.encoding;
      row.encodingOk = sameEncoding(entry.expected.encoding, decoded.encoding, !entry.computed.non_ascii_bytes);
    }
    const feed = await parseFeedDocument(decoded.text, { feedUrl: doc.finalUrl, fetchedAt: new Date() });
    row.outcome = feed.repairs?.length ? `ok (${feed.repairs.join('+')})` : 'ok';
    row.items = feed.items.length;
    row.datesInferred = feed.items.filter((i) => i.dateInferred).length;
    row.replacementChars = feed.items.some((i) => i.title.includes('\uFFFD'));
    if (entry.expected.first_item_title !== undefined) {
      row.title = norm(feed.items[0]?.title) === norm(entry.expected.first_item_title) ? 'match' : 'mismatch';
      if (row.title === 'mismatch') row.note = `got ${JSON.stringify(feed.items[0]?.title?.slice(0, 60))}`;
    }
  } catch (err) {
    if (!(err instanceof FeedError)) throw err; // an unclassed error is a bug: fail the test
    row.outcome = `error: ${err.code}`;
  }
  if (entry.expected.item_count !== undefined) row.expectedItems = entry.expected.item_count;
  return row;
}

describe('fixture corpus through fetch -> decode -> parse', () => {
  const rows: Row[] = [];
  afterAll(() => {
    const lines = ['| file | outcome | items (expected) | first title | encoding (expected) | dates inferred |', '|---|---|---|---|---|---|'];
    for (const r of rows) {
      lines.push(`| ${r.file} | ${r.outcome} | ${r.items ?? '-'}${r.expectedItems !== undefined ? ` (${r.expectedItems})` : ''} | ${r.title}${r.note ? ` ${r.note}` : ''} | ${r.encoding}${r.expectedEncoding ? ` (${r.expectedEncoding}${r.encodingOk ? ' ✓' : ' ✗'})` : ''} | ${r.datesInferred} |`);
    }
    const out = path.join(os.tmpdir(), 'narmon-manifest-match.md');
    writeFileSync(out, lines.join('\n') + '\n');
    const stat = (f: (r: Row) => boolean) => rows.filter(f).length;
    console.log(`manifest match: ${rows.length} documents, ${stat((r) => r.outcome.startsWith('ok'))} ok, ${stat((r) => r.outcome.startsWith('error'))} classed errors; `
      + `item counts ${stat((r) => r.expectedItems !== undefined && r.items === r.expectedItems)}/${stat((r) => r.expectedItems !== undefined)}; `
      + `titles ${stat((r) => r.title === 'match')}/${stat((r) => r.title !== 'n/a')}; encodings ${stat((r) => r.encodingOk === true)}/${stat((r) => r.encodingOk !== null)}; table: ${out}`);
  });

  test.each(manifest.files.map((f) => [f.file, f] as const))('%s', async (_file, entry) => {
    const plain = await run(entry, false);
    const gz = await run(entry, true);
    rows.push(plain);
    // Served gzipped, the same document gives the same result.
    expect({ ...gz, file: plain.file }).toEqual(plain);

    if (entry.expected.throws || entry.expected.not_a_feed) {
      expect(plain.outcome).toBe('error: not-a-feed');
      return;
    }
    if (!entry.expected.bozo) expect(plain.outcome).toMatch(/^ok/);
    if (plain.outcome.startsWith('ok')) {
      if (entry.expected.item_count !== undefined) expect(plain.items).toBe(entry.expected.item_count);
      if (entry.expected.first_item_title !== undefined && !GOLDEN_MOJIBAKE.has(entry.file)) expect(plain.title).toBe('match');
      if (plain.encodingOk !== null) expect(plain.encodingOk).toBe(true);
      expect(plain.replacementChars).toBe(false);
    }
  });
});
