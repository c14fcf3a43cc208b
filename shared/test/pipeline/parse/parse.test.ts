import { describe, expect, test } from '@jest/globals';
import { FeedError } from '../../../src/errors/index.js';
import { canonicalUrl, itemIdentityKey, parseFeedDate, parseFeedDocument } from '../../../src/pipeline/parse/index.js';

const ctx = { feedUrl: 'https://site.example/feeds/main.xml', fetchedAt: new Date('2024-06-01T00:00:00Z') };

describe('parseFeedDocument', () => {
  test('second chance: bare &, HTML entities and stray close tags', async () => {
    const feed = await parseFeedDocument('<rss version="2.0"><channel><title>A & B</title><item><title>Tom &amp; Jerry&nbsp;&mdash; AT&T</title></b></item></channel></rss>', ctx);
    expect(feed.items[0]!.title).toBe('Tom & Jerry — AT&T');
    expect(feed.repairs).toEqual(expect.arrayContaining(['entities', 'tag-balance']));
  });

  test('prefixed <atom:feed> and <rss> without <channel>', async () => {
    const atom = await parseFeedDocument('<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"><atom:title>T</atom:title><atom:entry><atom:title>E1</atom:title><atom:link href="/e1"/><atom:published>2024-02-05T09:30:00+02:00</atom:published></atom:entry></atom:feed>', ctx);
    expect(atom.items[0]).toMatchObject({ title: 'E1', link: 'https://site.example/e1', dateInferred: false });
    expect(atom.items[0]!.published?.toISOString()).toBe('2024-02-05T07:30:00.000Z');
    const bare = await parseFeedDocument('<rss version="2.0"><item><title>X</title></item></rss>', ctx);
    expect(bare.items.map((i) => i.title)).toEqual(['X']);
  });

  test('dates: dc:date, published, case variants, month names; inferred when none parses', async () => {
    const feed = await parseFeedDocument(`<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
      <item><title>a</title><dc:date>2024-03-01T10:00:00Z</dc:date></item>
      <item><title>b</title><pubdate>Fri, 01 Mar 2024 10:00:00 +0200</pubdate></item>
      <item><title>c</title><pubDate>1 березня 2024, 10:00</pubDate></item>
      <item><title>d</title><pubDate>yesterday-ish</pubDate></item></channel></rss>`, ctx);
    expect(feed.items.map((i) => i.dateInferred ? null : i.published!.toISOString())).toEqual([
      '2024-03-01T10:00:00.000Z', '2024-03-01T08:00:00.000Z', '2024-03-01T10:00:00.000Z', null]);
    expect(feed.items[3]!.published).toEqual(ctx.fetchedAt);
    expect(parseFeedDate('2024. gada 5. februārī 09:30')?.toISOString()).toBe('2024-02-05T09:30:00.000Z');
  });

  test('links resolved against xml:base and the feed URL; HTML stripped to text, original kept', async () => {
    const feed = await parseFeedDocument(`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://base.example/news/">
      <entry xml:base="sub/"><title>x</title><link href="item.html"/><content type="html">&lt;p&gt;Hello &lt;b&gt;world&lt;/b&gt;&lt;/p&gt;&lt;script&gt;evil()&lt;/script&gt;</content></entry>
      <entry><title>y</title><link href="javascript:alert(1)"/></entry></feed>`, ctx);
    expect(feed.items[0]).toMatchObject({ link: 'https://base.example/news/sub/item.html', text: 'Hello world' });
    expect(feed.items[0]!.html).toContain('<b>world</b>');
    expect(feed.items[1]!.link).toBeNull();
  });

  test('classed errors: not-a-feed and malformed-xml', async () => {
    const notFeed = await parseFeedDocument('<html><body>hi</body></html>', ctx).catch((e: unknown) => e);
    expect(notFeed).toBeInstanceOf(FeedError);
    expect((notFeed as FeedError).code).toBe('not-a-feed');
    const broken = await parseFeedDocument('<rss version="2.0"><channel><item><title a="1" a="2">x</title></item><<<</channel></rss>', ctx).then(() => null, (e: unknown) => e);
    if (broken) expect(['malformed-xml', 'not-a-feed']).toContain((broken as FeedError).code);
  });

  test('identity: guid, else canonical URL without tracking parameters, else content hash', () => {
    expect(canonicalUrl('http://WWW.News.example:80/a/?utm_source=rss&b=2&a=1&fbclid=x#top')).toBe('https://news.example/a?a=1&b=2');
    expect(itemIdentityKey({ guid: ' g1 ', link: 'https://x.example', title: '', text: '' })).toBe('guid:g1');
    expect(itemIdentityKey({ guid: null, link: 'https://x.example/a?utm_medium=x', title: '', text: '' })).toBe('url:https://x.example/a');
    expect(itemIdentityKey({ guid: null, link: null, title: 'T', text: 'x' })).toMatch(/^hash:[0-9a-f]{64}$/);
  });
});
