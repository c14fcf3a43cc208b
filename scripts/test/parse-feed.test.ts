import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { runNarmon } from '../../test/support/narmon-cli.js';

const OWN = path.resolve(process.cwd(), 'shared/test/fixtures/feeds');
const CORPUS = path.resolve(process.cwd(), '../shared/fixtures/feeds');

const parseFeed = (file: string) => runNarmon(['parse-feed', file]);
const lines = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('narmon parse-feed', () => {
  it('prints one JSON object per item with decoded text and parsed dates (windows-1251, Russian month names)', async () => {
    const r = await parseFeed(path.join(OWN, 'windows-1251.rss'));
    expect(r.code).toBe(0);
    const items = lines(r.stdout);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ guid: 'ru-1', title: 'Привет, мир', text: 'Текст & ещё', published: '2024-01-02T14:05:00.000Z', link: 'https://example.org/a?utm_source=x' });
    expect(Object.keys(items[0]!).sort()).toEqual(['guid', 'language', 'languageConfidence', 'link', 'published', 'text', 'title']);
    expect(items[1]).toMatchObject({ title: 'No date', published: null, link: null });
  });

  it('reads a gzip file and a real windows-1251 feed from the corpus without mojibake', async () => {
    const r = await parseFeed(path.join(CORPUS, 'node-feedparser/compressed.xml'));
    expect(r.code).toBe(0);
    const items = lines(r.stdout);
    expect(items.length).toBe(10);
    for (const i of items) expect(String(i.title)).not.toContain('\uFFFD');
    expect(String(items[0]!.title)).toMatch(/[а-яА-Я]/);
  });

  it('an unparseable document: one line on stderr naming the reason, exit code 2', async () => {
    for (const f of [path.join(OWN, 'not-xml.txt'), path.join(CORPUS, 'node-feedparser/notafeed.html.xml')]) {
      const r = await parseFeed(f);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/not-a-feed/);
    }
    const missing = await parseFeed('/nonexistent/feed.xml');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read/);
  });
});
