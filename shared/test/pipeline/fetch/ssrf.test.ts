import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { LookupAddress } from 'node:dns';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FeedError } from '../../../src/errors/index.js';
import { fetchFeed, type FetchOptions, type LookupFunction } from '../../../src/pipeline/fetch/index.js';
import { startLocalServer, type LocalServer } from '../../../../test/support/feed-server.js';

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>a</title></item></channel></rss>';

/** Simulated DNS: names map to fixed answers, nothing goes to a real resolver. */
function fakeDns(table: Record<string, string[]>): LookupFunction & { asked: string[] } {
  const asked: string[] = [];
  const fn = ((hostname, options, cb) => {
    asked.push(hostname);
    const ips = table[hostname];
    if (!ips) return cb(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
    const all: LookupAddress[] = ips.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    if (options.all) return cb(null, all);
    return cb(null, all[0]!.address, all[0]!.family);
  }) as LookupFunction & { asked: string[] };
  fn.asked = asked;
  return fn;
}

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer((req, res) => { route(req, res); });
});
afterAll(() => server.close());

function route(req: IncomingMessage, res: ServerResponse): unknown {
  {
    if (req.url === '/to-loopback') {
      res.statusCode = 302;
      res.setHeader('location', `http://127.0.0.1:${server.port}/feed`);
      return res.end();
    }
    res.setHeader('content-type', 'application/rss+xml');
    res.end(RSS);
  }
}

function options(extra: Partial<FetchOptions> = {}): FetchOptions & { blocked: Array<{ url: string; reason: string }> } {
  const blocked: Array<{ url: string; reason: string }> = [];
  return {
    userAgent: 'narmon-test (+https://example.org)', connectTimeoutMs: 2000, timeoutMs: 5000, maxBytes: 1 << 20, maxRedirects: 5,
    allowlist: [], onBlocked: (e) => blocked.push(e), blocked, ...extra,
  };
}

async function refusal(url: string, o: ReturnType<typeof options>): Promise<FeedError> {
  const err = await fetchFeed(url, o).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(FeedError);
  return err as FeedError;
}

describe('SSRF guard (default: nothing private is reached)', () => {
  const battery = [
    'http://127.0.0.1/',
    'http://[::1]/',
    'http://10.0.0.1/',
    'http://169.254.169.254/latest/meta-data',
    'http://[::ffff:127.0.0.1]/',
    'http://100.64.0.1/',
    'http://[fd00::1]/',
    'http://0.0.0.0/',
    'http://localhost/',
  ];
  test.each(battery)('%s is refused before connecting and logged', async (url) => {
    const before = server.requests.length;
    const o = options();
    const err = await refusal(url, o);
    expect(err.code).toBe('blocked-address');
    expect(o.blocked).toHaveLength(1);
    expect(server.requests.length).toBe(before);
  });

  test('a hostname that resolves to 127.0.0.1 is refused at connect time', async () => {
    const dns = fakeDns({ 'innocent.example.test': ['127.0.0.1'] });
    const o = options({ lookup: dns });
    const before = server.requests.length;
    const err = await refusal(`http://innocent.example.test:${server.port}/feed`, o);
    expect(err.code).toBe('blocked-address');
    expect(err.message).toContain('loopback');
    expect(dns.asked).toContain('innocent.example.test');
    expect(server.requests.length).toBe(before);
    expect(o.blocked[0]?.url).toContain('innocent.example.test');
  });

  test('a name with one public and one private answer is refused (every address is checked)', async () => {
    const dns = fakeDns({ 'mixed.example.test': ['93.184.216.34', '10.1.2.3'] });
    const err = await refusal('http://mixed.example.test/feed', options({ lookup: dns }));
    expect(err.code).toBe('blocked-address');
  });

  test('a public-looking URL that 302-redirects to loopback is refused on the second hop', async () => {
    // The first hop is an allowlisted name (served by the local server); the redirect target is not.
    const dns = fakeDns({ 'news.example.test': ['127.0.0.1'] });
    const o = options({ lookup: dns, allowlist: ['news.example.test'] });
    const before = server.requests.length;
    const err = await refusal(`http://news.example.test:${server.port}/to-loopback`, o);
    expect(err.code).toBe('blocked-address');
    expect(server.requests.length).toBe(before + 1);
    expect(server.requests.at(-1)?.url).toBe('/to-loopback');
    expect(o.blocked[0]?.url).toBe(`http://127.0.0.1:${server.port}/feed`);
  });

  test('non-http schemes are refused', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.org/feed', 'gopher://127.0.0.1:6379/_INFO']) {
      expect((await refusal(url, options())).code).toBe('bad-url');
    }
  });

  test('the allowlist admits the local feed server, and the final URL is recorded', async () => {
    const doc = await fetchFeed(`${server.url}/feed`, options({ allowlist: ['127.0.0.1'] }));
    expect(doc.status).toBe(200);
    expect(doc.body.toString()).toContain('<rss');
    const viaRedirect = await fetchFeed(`http://news.example.test:${server.port}/to-loopback`,
      options({ lookup: fakeDns({ 'news.example.test': ['127.0.0.1'] }), allowlist: ['news.example.test', '127.0.0.1/8'] }));
    expect(viaRedirect.finalUrl).toBe(`http://127.0.0.1:${server.port}/feed`);
  });
});
