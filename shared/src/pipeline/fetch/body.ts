import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { FeedError } from '../../errors/index.js';

/** A decompressor for one Content-Encoding, or null for identity. Unknown codings are refused. */
function decoderFor(encoding: string, firstByte: number | undefined): zlib.Gunzip | zlib.BrotliDecompress | zlib.Inflate | zlib.InflateRaw | null {
  switch (encoding) {
    case '': case 'identity': return null;
    case 'gzip': case 'x-gzip': return zlib.createGunzip();
    case 'br': return zlib.createBrotliDecompress();
    // "deflate" is meant to be zlib-wrapped, but some servers send raw deflate: look at the header byte.
    case 'deflate': return firstByte !== undefined && (firstByte & 0x0f) === 8 ? zlib.createInflate() : zlib.createInflateRaw();
    default: throw new FeedError('decode', `unsupported Content-Encoding: ${encoding}`);
  }
}

/**
 * Reads a response body through its Content-Encoding, counting bytes after decompression, and
 * stops at `maxBytes`: a compression bomb costs at most maxBytes of memory.
 */
export async function readBodyCapped(body: Readable, contentEncoding: string | null, maxBytes: number, url: string): Promise<{ body: Buffer; wireBytes: number }> {
  const encodings = (contentEncoding ?? '').toLowerCase().split(',').map((s) => s.trim()).filter((s) => s && s !== 'identity');
  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let wireBytes = 0;
  const first = await iterator.next();
  const head: Buffer[] = first.done ? [] : [first.value];
  // Rebuild a stream that starts with the chunk we peeked at.
  async function* source() {
    for (const c of head) { wireBytes += c.length; yield c; }
    for (;;) {
      const n = await iterator.next();
      if (n.done) return;
      wireBytes += n.value.length;
      yield n.value;
    }
  }
  let stream: Readable = Readable.from(source(), { objectMode: false });
  // Encodings apply in the order listed, so undo them from the last.
  for (const enc of encodings.reverse()) {
    const d = decoderFor(enc, head[0]?.[0]);
    if (!d) continue;
    const upstream = stream;
    upstream.on('error', (err) => d.destroy(err));
    stream = upstream.pipe(d);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        // bytesRead shows where reading stopped: one chunk past the cap, never the whole body.
        throw new FeedError('too-large', `body over ${maxBytes} bytes (after decompression): ${url}`, { maxBytes, bytesRead: total });
      }
      chunks.push(chunk);
    }
  } catch (err) {
    stream.destroy();
    body.destroy();
    if (err instanceof FeedError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_') || /incorrect header|invalid (block|distance|stored)|unexpected end of file/i.test(String((err as Error).message))) {
      throw new FeedError('decode', `cannot decompress ${encodings.join(',')} body from ${url}: ${(err as Error).message}`, {}, { cause: err });
    }
    throw err;
  }
  return { body: Buffer.concat(chunks, total), wireBytes };
}

/**
 * Some servers gzip a document twice or serve a .gz file without Content-Encoding; bytes that
 * start with the gzip magic are unpacked (capped) so the decoder sees XML.
 */
export function gunzipIfCompressed(body: Buffer, maxBytes: number): Buffer {
  if (body.length < 3 || body[0] !== 0x1f || body[1] !== 0x8b || body[2] !== 0x08) return body;
  try {
    return zlib.gunzipSync(body, { maxOutputLength: maxBytes });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw new FeedError('too-large', `gzip body over ${maxBytes} bytes after decompression`, { maxBytes });
    throw new FeedError('decode', `corrupt gzip body: ${(err as Error).message}`, {}, { cause: err });
  }
}
