import { describe, expect, it } from '@jest/globals';
import { createAnalyzer, stemLatvian } from '@narmon/shared/pipeline/analyze';

const words = (lang: string, text: string) => createAnalyzer(lang).tokens(text).map((t) => t.norm);
const keys = (lang: string, text: string) => createAnalyzer(lang).tokens(text).map((t) => t.key);

describe('analyzers', () => {
  it('keeps Latvian diacritics inside words and strips inflection lightly', () => {
    expect(words('lav', 'Krievvalodīgie Latvijā, ŠĶĒRSLIS ūdens ģimene')).toEqual(['krievvalodīgie', 'latvijā', 'šķērslis', 'ūdens', 'ģimene']);
    expect(stemLatvian('latvijā')).toBe(stemLatvian('latvija'));
    expect(stemLatvian('valodas')).toBe('valod');
    expect(keys('lav', 'valoda valodā valodas')).toEqual(['valod', 'valod', 'valod']);
  });

  it('keeps Ukrainian і/ї/є/ґ inside words and treats every apostrophe form alike', () => {
    expect(words('ukr', 'їжак ґанок єдність Київ')).toEqual(['їжак', 'ґанок', 'єдність', 'київ']);
    const forms = keys('ukr', "п'ять п’ять пʼять");
    expect(new Set(forms).size).toBe(1);
    expect(words('ukr', 'від’єднання')).toEqual(['відєднання']);
  });

  it('folds ё to е and keeps Russian acronyms whole', () => {
    expect(keys('rus', 'ещё')).toEqual(keys('rus', 'еще'));
    const tokens = createAnalyzer('rus').tokens('НАТО и США');
    expect(tokens.map((t) => t.key)).toEqual(['нато', 'и', 'сша']);
    expect(tokens[1]!.stop).toBe(true);
    expect(keys('rus', 'биолаборатории биолабораторий')).toEqual(['биолаборатор', 'биолаборатор']);
  });

  it('stems English and marks stopwords', () => {
    const t = createAnalyzer('eng').tokens("The Pentagon's laboratories");
    expect(t.map((x) => [x.key, x.stop])).toEqual([['the', true], ['pentagon', false], ['laboratori', false]]);
  });

  it('segments Japanese with offsets into the original text, full-width letters normalised', () => {
    const text = 'ウクライナの生物兵器研究所。ＮＡＴＯは否定';
    const tokens = createAnalyzer('jpn').tokens(text);
    expect(tokens.map((t) => t.norm)).toEqual(['ウクライナ', 'の', '生物', '兵器', '研究所', 'nato', 'は', '否定']);
    for (const t of tokens.filter((x) => x.norm !== 'nato')) expect(text.slice(t.start, t.end)).toBe(t.norm);
    expect(text.slice(tokens[5]!.start, tokens[5]!.end)).toBe('ＮＡＴＯ');
    expect(tokens.find((t) => t.norm === 'の')!.stop).toBe(true);
  });

  it('points Japanese segments and bigrams at their own characters when half-width kana change the length', () => {
    // ｳｸﾗｲﾅ (5 half-width) -> ウクライナ; ﾊﾞｲｵ: the sound mark joins the kana before it (ﾊﾞ -> バ).
    const text = 'ｳｸﾗｲﾅのﾊﾞｲｵ研究所';
    const a = createAnalyzer('jpn');
    const tokens = a.tokens(text);
    const raw = (t: { start: number; end: number }) => text.slice(t.start, t.end);
    expect(tokens.map((t) => [t.norm, raw(t)])).toEqual(expect.arrayContaining([['ウクライナ', 'ｳｸﾗｲﾅ'], ['研究所', '研究所']]));
    for (const t of tokens) expect(raw(t).normalize('NFKC')).toBe(t.norm);
    const grams = a.grams!(text).filter((g) => g.gram);
    expect(grams.find((g) => g.gram === 'バイ')).toMatchObject({ start: text.indexOf('ﾊﾞ'), end: text.indexOf('ｲｵ') + 1 });
    for (const g of grams) expect(raw(g).normalize('NFKC')).toBe(g.gram);
  });

  it('gives each word its exact character span', () => {
    const text = 'Latvijā — “krievu” valoda';
    for (const t of createAnalyzer('lav').tokens(text)) expect(text.slice(t.start, t.end).toLowerCase()).toBe(t.norm);
  });
});
