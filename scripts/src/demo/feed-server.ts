import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.xml': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.rdf': 'application/rdf+xml; charset=utf-8',
};

export interface SampleFeedServer {
  /** Absolute URL of each served feed file. */
  feedUrls: string[];
  close(): Promise<void>;
}

/** Serves the bundled sample feeds on loopback, so the demo needs no internet. */
export async function startSampleFeedServer(dir: string): Promise<SampleFeedServer> {
  const files = (await readdir(dir)).filter((f) => CONTENT_TYPES[extname(f)]).sort();
  const bodies = new Map<string, Buffer>();
  for (const f of files) bodies.set(`/${f}`, await readFile(join(dir, f)));
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const body = bodies.get(path);
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(path)] ?? 'application/xml', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    feedUrls: files.map((f) => `http://127.0.0.1:${port}/${f}`),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
