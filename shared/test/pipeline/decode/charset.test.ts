import { describe, expect, test } from '@jest/globals';
import iconv from 'iconv-lite';
import { decodeFeedBodyDetailed } from '../../../src/pipeline/decode/index.js';

const doc = (title: string, decl = '') => `<?xml version="1.0"${decl}?><rss version="2.0"><channel><title>${title}</title></channel></rss>`;

describe('decodeFeedBody', () => {
  test.each([
    ['windows-1251', 'Новости дня: правительство'],
    ['koi8-r', 'Новости дня: правительство'],
    ['shift_jis', '今日のニュースと天気予報'],
    ['euc-jp', '今日のニュースと天気予報'],
    ['euc-kr', '오늘의 뉴스와 날씨 정보'],
    ['big5', '今天的新聞與天氣預報'],
    ['gb18030', '今天的新闻与天气预报'],
    ['iso-8859-13', 'Ārlietu ministrija ziņo'],
    ['iso-8859-7', 'Ειδήσεις της ημέρας'],
  ])('%s read from the HTTP charset', (enc, title) => {
    const out = decodeFeedBodyDetailed(iconv.encode(doc(title), enc), `application/rss+xml; charset="${enc}"`);
    expect(out.text).toContain(title);
    expect(out.rule).toBe('http-charset');
  });

  test('the XML declaration when HTTP says nothing; valid UTF-8 wins over a wrong label', () => {
    expect(decodeFeedBodyDetailed(iconv.encode(doc('Привет', ' encoding="windows-1251"'), 'windows-1251'), 'text/xml').text).toContain('Привет');
    const mislabelled = decodeFeedBodyDetailed(Buffer.from(doc('Ziņas — Новости', ' encoding="ISO-8859-1"')), 'text/xml; charset=iso-8859-1');
    expect(mislabelled).toMatchObject({ encoding: 'utf-8', rule: 'utf8-valid' });
    expect(mislabelled.text).toContain('Ziņas — Новости');
  });

  test('BOMs and BOM-less UTF-16/32; junk before "<" and control characters are removed', () => {
    for (const enc of ['utf-16le', 'utf-16be', 'utf-32le', 'utf-32be']) {
      const withBom = decodeFeedBodyDetailed(iconv.encode(doc('Ārzemes'), enc, { addBOM: true }), null);
      expect(withBom.text.startsWith('<?xml')).toBe(true);
      expect(withBom.text).toContain('Ārzemes');
      expect(decodeFeedBodyDetailed(iconv.encode(doc('Ārzemes'), enc), null).text).toContain('Ārzemes');
    }
    const dirty = decodeFeedBodyDetailed(Buffer.from(`\ufeff\n\nWarning: PHP notice\n${doc('a\u0001b\u000bc')}`), null);
    expect(dirty.text.startsWith('<?xml')).toBe(true);
    expect(dirty.text).toContain('<title>abc</title>');
  });

  test('unlabelled legacy bytes go to chardet, not to mojibake', () => {
    const body = iconv.encode(doc('Правительство объявило о новых мерах поддержки экономики и граждан страны'), 'windows-1251');
    const out = decodeFeedBodyDetailed(body, null);
    expect(out.rule).toBe('chardet');
    expect(out.text).toContain('Правительство объявило');
  });
});
