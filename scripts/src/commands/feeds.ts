import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { ZodError } from 'zod';
import { NarmonError, type Config } from '@narmon/shared';
import type { Db } from '@narmon/shared/db';
import { addFeed, exportOpml, importOpml, listFeedsWithHealth } from '@narmon/shared/feeds';
import { withDatabase } from '../with-database.js';

/** Feed commands: a bad feed definition is one line naming the field. */
async function withDb<T>(fn: (db: Db, config: Config) => Promise<T>): Promise<T> {
  try {
    return await withDatabase(fn);
  } catch (err) {
    if (err instanceof ZodError) throw new NarmonError('invalid-feed', err.issues.map((i) => `${i.path.join('.') || 'feed'}: ${i.message}`).join('; '));
    throw err;
  }
}

function minutes(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 5 || n > 1440) throw new InvalidArgumentError('must be whole minutes between 5 and 1440');
  return n;
}

function ago(d: Date | null, now = Date.now()): string {
  if (!d) return 'never';
  const s = Math.round((now - new Date(d).getTime()) / 1000);
  return s < 90 ? `${s}s ago` : s < 5400 ? `${Math.round(s / 60)}m ago` : s < 172_800 ? `${Math.round(s / 3600)}h ago` : `${Math.round(s / 86400)}d ago`;
}

/** `narmon feeds add|import|export|list`: the CLI adapts shared/src/feeds. */
export function registerFeedsCommands(program: Command): void {
  const feeds = program.command('feeds').description('manage monitored feeds');

  feeds.command('add')
    .description('add a feed (or update its settings)')
    .argument('<url>', 'the feed URL (http or https)')
    .option('--interval <minutes>', 'poll interval, 5..1440: where the schedule starts, or kept with --pin', minutes)
    .option('--pin', 'keep the interval instead of adapting to the feed\'s rate of new items')
    .option('--no-pin', 'let the interval adapt again')
    .option('--language <tag>', 'the language the feed is in (e.g. lv, ru, uk): a prior for detection')
    .option('--tags <a,b>', 'comma-separated tags')
    .option('--title <title>', 'a title until the feed tells its own')
    .action(async (url: string, opts: { interval?: number; pin?: boolean; language?: string; tags?: string; title?: string }) => {
      const feed = await withDb((db, config) => addFeed(db, {
        url, intervalMinutes: opts.interval, intervalPinned: opts.pin, language: opts.language, title: opts.title,
        tags: opts.tags?.split(',').map((t) => t.trim()).filter(Boolean),
      }, { allowlist: config.FETCH_ALLOWLIST, defaultIntervalMinutes: config.FEED_DEFAULT_INTERVAL_MINUTES }));
      console.log(`feed ${feed.id} ${feed.url} (every ${feed.interval_minutes} min${feed.interval_pinned ? ', pinned' : ''}${feed.language ? `, ${feed.language}` : ''}${feed.tags.length ? `, tags ${feed.tags.join(',')}` : ''})`);
    });

  feeds.command('import')
    .description('add every feed of an OPML file')
    .argument('<file.opml>', 'an OPML 1.0/2.0 file')
    .action(async (file: string) => {
      const xml = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
        throw new NarmonError('unreadable-file', `cannot read ${file}: ${err.code ?? err.message}`);
      });
      const r = await withDb((db, config) => importOpml(db, xml, { allowlist: config.FETCH_ALLOWLIST, defaultIntervalMinutes: config.FEED_DEFAULT_INTERVAL_MINUTES }));
      for (const x of r.rejected) console.error(`rejected ${x.url}: ${x.reason}`);
      console.log(`imported ${r.added} feed(s), rejected ${r.rejected.length}`);
      if (r.added === 0 && r.rejected.length > 0) process.exitCode = 2;
    });

  feeds.command('export')
    .description('print every feed as OPML 2.0')
    .action(async () => {
      process.stdout.write(await withDb((db) => exportOpml(db)));
    });

  feeds.command('list')
    .description('list feeds with their health')
    .option('--json', 'one JSON array with every field')
    .action(async (opts: { json?: boolean }) => {
      const rows = await withDb((db) => listFeedsWithHealth(db));
      if (opts.json) {
        console.log(JSON.stringify(rows));
        return;
      }
      if (rows.length === 0) {
        console.log('no feeds: add one with `narmon feeds add <url>`');
        return;
      }
      for (const f of rows) {
        const health = f.lastError ? `${f.lastError.code}, ${f.consecutiveFailures} failure(s)` : (f.lastStatus ?? 'not polled yet');
        const next = f.nextPollAt ? `next ${new Date(f.nextPollAt).toISOString()}` : 'next: on schedule';
        console.log(`${String(f.id).padStart(4)}  ${f.active ? 'active ' : 'paused '} ${health.padEnd(28)} last ${ago(f.lastFetchedAt).padEnd(9)} ${next}  ${f.url}${f.tags.length ? `  [${f.tags.join(',')}]` : ''}`);
      }
    });
}
