import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import { runNarmon } from '../../test/support/narmon-cli.js';

let t: TestDatabase;

const narmon = (args: string[]) => runNarmon(args, { env: { DATABASE_URL: t.url, FETCH_ALLOWLIST: '' } });

beforeAll(async () => { t = await createTestDatabase(); });
afterAll(async () => { await t.drop(); });

describe('narmon feeds', () => {
  it('adds, imports OPML, lists with health and exports OPML 2.0', async () => {
    const added = await narmon(['feeds', 'add', 'https://eng.lsm.lv/rss/', '--interval', '30', '--language', 'lv', '--tags', 'baltics,public']);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('every 30 min, lv, tags baltics,public');

    const dir = await mkdtemp(path.join(os.tmpdir(), 'narmon-opml-'));
    const file = path.join(dir, 'feeds.opml');
    await writeFile(file, `<?xml version="1.0"?><opml version="1.0"><head/><body><outline text="Ukraine">
      <outline text="UP" xmlUrl="https://www.pravda.com.ua/rss/"/></outline><outline text="Meta" xmlUrl="http://169.254.169.254/latest"/></body></opml>`);
    const imported = await narmon(['feeds', 'import', file]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('imported 1 feed(s), rejected 1');
    expect(imported.stderr).toContain('169.254.169.254');

    const list = await narmon(['feeds', 'list', '--json']);
    const rows = JSON.parse(list.stdout) as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.url)).toEqual(['https://eng.lsm.lv/rss/', 'https://www.pravda.com.ua/rss/']);
    expect(rows[1]).toMatchObject({ tags: ['Ukraine'], lastStatus: null, consecutiveFailures: 0 });
    expect((await narmon(['feeds', 'list'])).stdout).toContain('not polled yet');

    const exported = await narmon(['feeds', 'export']);
    expect(exported.stdout).toContain('<opml version="2.0">');
    expect(exported.stdout).toContain('xmlUrl="https://eng.lsm.lv/rss/" language="lv" category="baltics,public" narmonInterval="30"');
  });

  it('pins an interval, keeps it through an OPML round trip, and lets it adapt again', async () => {
    const pinned = await narmon(['feeds', 'add', 'https://pinned.example/rss', '--interval', '10', '--pin']);
    expect(pinned.code).toBe(0);
    expect(pinned.stdout).toContain('every 10 min, pinned');
    const row = () => narmon(['feeds', 'list', '--json']).then((r) => (JSON.parse(r.stdout) as Array<Record<string, unknown>>).find((f) => f.url === 'https://pinned.example/rss')!);
    // A feed never polled is due now, then every intervalMinutes.
    expect(await row()).toMatchObject({ intervalMinutes: 10, intervalPinned: true, nextIntervalMs: null });
    // A changed pinned interval is the schedule at once, not after the next poll.
    expect((await narmon(['feeds', 'add', 'https://pinned.example/rss', '--interval', '20'])).stdout).toContain('every 20 min, pinned');
    expect(await row()).toMatchObject({ intervalMinutes: 20, intervalPinned: true, nextIntervalMs: 1_200_000 });

    const exported = await narmon(['feeds', 'export']);
    expect(exported.stdout).toContain('xmlUrl="https://pinned.example/rss" narmonInterval="20" narmonIntervalPinned="true"');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'narmon-opml-'));
    const file = path.join(dir, 'pinned.opml');
    await writeFile(file, exported.stdout.replace(/https:\/\/pinned\.example\/rss/g, 'https://pinned-copy.example/rss'));
    expect((await narmon(['feeds', 'import', file])).code).toBe(0);
    const copy = JSON.parse((await narmon(['feeds', 'list', '--json'])).stdout).find((f: { url: string }) => f.url === 'https://pinned-copy.example/rss');
    expect(copy).toMatchObject({ intervalMinutes: 20, intervalPinned: true });

    // Adding it again without --pin or --no-pin keeps the pin; --no-pin releases it.
    expect((await narmon(['feeds', 'add', 'https://pinned.example/rss'])).stdout).toContain('every 20 min, pinned');
    const released = await narmon(['feeds', 'add', 'https://pinned.example/rss', '--no-pin']);
    expect(released.stdout).toContain('(every 20 min)');
    expect(await row()).toMatchObject({ intervalMinutes: 20, intervalPinned: false });
  });

  it('refuses a private address and a bad interval with a one-line message', async () => {
    const refused = await narmon(['feeds', 'add', 'http://10.0.0.1/feed']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('private');
    const bad = await narmon(['feeds', 'add', 'https://x.example/feed', '--interval', '2']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('between 5 and 1440');
  });
});
