import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { loadFingerprints, parseFingerprint } from '@narmon/shared/narratives';
import { analyzedText, buildMatcherIndex, matchItem, matchItemByScan } from '@narmon/shared/pipeline/analyze';
import type { AnalyzableItem, NarrativeMatch } from '@narmon/shared';

const FIXTURES = new URL('../../fixtures/narratives/', import.meta.url).pathname;
const items = new Map(readFileSync(`${FIXTURES}items.jsonl`, 'utf8').trim().split('\n').map((l) => {
  const x = JSON.parse(l) as AnalyzableItem & { id: string };
  return [x.id, x];
}));
const index = buildMatcherIndex(await loadFingerprints(FIXTURES));
const item = (id: string) => items.get(id)!;
const spans = (m: NarrativeMatch, it: AnalyzableItem, term: string) =>
  m.terms.find((t) => t.term === term)!.offsets.map(([s, e]) => analyzedText(it).slice(s, e));

describe('matchItem', () => {
  it('flags an English item and explains it with weights and offsets pointing at the words', () => {
    const it0 = item('en-biolabs');
    const [m] = matchItem(index, it0);
    expect(m).toMatchObject({ narrative: 'us-biolabs-ukraine', version: 1, language: 'eng', flagged: true });
    expect(m!.terms.map((t) => t.term)).toEqual(expect.arrayContaining(['biolab*', 'laboratories', 'Pentagon', 'pathogens', 'biological weapons', '#biolabs']));
    expect(spans(m!, it0, 'biolab*')).toEqual(['biolabs', 'Biolabs']);
    expect(spans(m!, it0, 'Pentagon')).toEqual(['Pentagon', "Pentagon's"]);
    expect(spans(m!, it0, 'biological weapons')).toEqual(['biological weapons']);
    expect(spans(m!, it0, '#biolabs')).toEqual(['#Biolabs']);
    expect(m!.coverage).toBeGreaterThan(0.5);
    const pentagon = m!.terms.find((t) => t.term === 'Pentagon')!;
    expect(pentagon.weight).toBeCloseTo(pentagon.analystWeight! * pentagon.rarity!);
  });

  it('never flags an item containing an exclusion term, but keeps it as a runner-up', () => {
    const ms = matchItem(index, item('en-debunk'));
    expect(ms[0]).toMatchObject({ narrative: 'us-biolabs-ukraine', flagged: false, excludedBy: expect.arrayContaining(['debunked']) });
  });

  it('matches Russian inflections through the stemmer and keeps НАТО whole', () => {
    const it0 = item('ru-biolabs');
    const [m] = matchItem(index, it0);
    expect(m).toMatchObject({ narrative: 'us-biolabs-ukraine', language: 'rus', flagged: true });
    expect(spans(m!, it0, 'биолаборатории')).toEqual(['биолаборатории']);
    expect(spans(m!, it0, 'патогены')).toEqual(['патогены']);
    expect(spans(m!, it0, 'биологическое оружие')).toEqual(['биологическое оружие']);
    expect(spans(m!, it0, 'НАТО')).toEqual(['НАТО']);
  });

  it('matches Ukrainian words with і/ї/є/ґ and either apostrophe form', () => {
    const it0 = item('uk-nazi');
    const [m] = matchItem(index, it0);
    expect(m).toMatchObject({ narrative: 'nazi-regime-kyiv', version: 2, language: 'ukr', flagged: true });
    expect(spans(m!, it0, "п'ять")).toEqual(['п’ять']);
    expect(spans(m!, it0, 'нацисти')).toEqual(['нацисти']);
  });

  it('matches Latvian prefix terms across inflections and prefix phrases', () => {
    const it0 = item('lv-language');
    const [m] = matchItem(index, it0);
    expect(m).toMatchObject({ narrative: 'latvia-language-discrimination', language: 'lav', flagged: true });
    expect(spans(m!, it0, 'krievvalod*')).toEqual(['Krievvalodīgie']);
    expect(spans(m!, it0, 'diskrimin*')).toEqual(['diskrimināciju']);
    expect(spans(m!, it0, 'krievu valod*')).toEqual(['krievu valodas']);
  });

  it('matches Japanese terms by segments or character bigrams', () => {
    const it0 = item('ja-biolabs');
    const [m] = matchItem(index, it0);
    expect(m).toMatchObject({ narrative: 'us-biolabs-ukraine', language: 'jpn', flagged: true });
    expect(spans(m!, it0, '生物兵器')).toEqual(['生物兵器']);
    expect(spans(m!, it0, '研究所')).toEqual(['研究所']);
    expect(spans(m!, it0, 'ペンタゴン')).toEqual(['ペンタゴン']);
  });

  it('returns nothing for an unrelated item', () => {
    expect(matchItem(index, item('en-weather'))).toEqual([]);
  });

  it('scores both blocks on a close call and keeps the language that matched', () => {
    const text = 'Україною правлять нацисти, а п’ять батальйонів і хунта мовчать.';
    expect(matchItem(index, { text, language: 'rus' }).map((m) => m.language)).not.toContain('ukr');
    const [m] = matchItem(index, { text, language: 'rus', languageCandidates: ['rus', 'ukr'] });
    expect(m).toMatchObject({ narrative: 'nazi-regime-kyiv', language: 'ukr', flagged: true });
  });

  it('matches language-neutral entities (names, hashtags, sub-domains) in any language', () => {
    const text = 'Der Bericht von news.example-news.test nennt Azov und #BIOLABS.';
    const ms = matchItem(index, { text, language: 'deu' }, { explainRunnersUp: true }); // the biolabs match is a runner-up
    const bio = ms.find((m) => m.narrative === 'us-biolabs-ukraine')!;
    expect(bio.terms.map((t) => [t.term, t.kind])).toEqual(expect.arrayContaining([['#biolabs', 'entity'], ['example-news.test', 'entity']]));
    expect(bio.flagged).toBe(false); // two entities weigh 2, under minScore 3
    const azov = ms.find((m) => m.narrative === 'nazi-regime-kyiv')!;
    expect(spans(azov, { text }, 'Azov')).toEqual(['Azov']);
  });

  it('matches entity names with case endings in inflecting languages, and a name written with * as a prefix', () => {
    const fp = parseFingerprint({
      id: 'soros-names', status: 'active', title: { eng: 'Soros' },
      languages: { eng: { terms: [{ t: 'funds' }] } },
      entities: [{ e: 'Сорос', kind: 'name' }, { e: 'Зеленськ*', kind: 'name' }, { e: 'Mark', kind: 'name' }, { e: 'ЕС', kind: 'name' }],
      match: { minScore: 1, minCoverage: 0.1, minTerms: 1 },
    }, 'soros-names');
    const ix = buildMatcherIndex([fp]);
    const termsOf = (text: string, language: string) => {
      const m = matchItem(ix, { text, language }, { explainRunnersUp: true })[0];
      return Object.fromEntries((m?.terms ?? []).map((t) => [t.term, t.offsets.map(([s, e]) => text.slice(s, e))]));
    };
    // Russian: genitive and instrumental of a 5-letter name; not a longer word built on it, not a 2-letter name inside a word.
    expect(termsOf('Деньги Сороса и встреча с Соросом. Соросовский фонд; если ЕС решит.', 'rus')).toEqual({ 'Сорос': ['Сороса', 'Соросом'], 'ЕС': ['ЕС'] });
    // Ukrainian: the prefix name catches every form, as in terms.
    expect(termsOf('Заява Зеленського і Зеленський сам.', 'ukr')).toEqual({ 'Зеленськ*': ['Зеленського', 'Зеленський'] });
    // English does not inflect names: Market is not Mark; the name as written still matches.
    expect(termsOf('The Market fell; Mark spoke.', 'eng')).toEqual({ Mark: ['Mark'] });
    // The presearcher finds the inflected forms the verifier accepts: same flags as a full scan.
    for (const [text, language] of [['Деньги Сороса.', 'rus'], ['Заява Зеленського.', 'ukr'], ['Market fell.', 'eng']] as const) {
      expect(matchItem(ix, { text, language })).toEqual(matchItemByScan(ix, { text, language }));
    }
  });

  it('matches entity names by stem where the language has a stemmer (adjectival surnames, Latvian -s names)', () => {
    const fp = parseFingerprint({
      id: 'named', status: 'active', title: { eng: 'Names' },
      languages: { eng: { terms: [{ t: 'opposition' }] } },
      entities: [{ e: 'Навальный', kind: 'name' }, { e: 'Zelenskis', kind: 'name' }],
      match: { minScore: 1, minCoverage: 0.1, minTerms: 1 },
    }, 'named');
    const ix = buildMatcherIndex([fp]);
    const found = (text: string, language: string) => {
      const m = matchItem(ix, { text, language })[0];
      expect(matchItem(ix, { text, language })).toEqual(matchItemByScan(ix, { text, language }));
      return (m?.terms ?? []).flatMap((t) => t.offsets.map(([s, e]) => text.slice(s, e)));
    };
    expect(found('Сторонники Навального вышли на улицы.', 'rus')).toEqual(['Навального']);
    expect(found('Zelenska runa Saeimā.', 'lav')).toEqual(['Zelenska']);
    // English has no stemming of names: Zelensky is not Zelenskis.
    expect(found('Zelensky spoke.', 'eng')).toEqual([]);
  });

  it('applies minTerms, minScore and minCoverage', () => {
    const base = {
      id: 'thresholds', status: 'active', title: { eng: 't' },
      languages: { eng: { terms: [{ t: 'alpha', w: 2 }, { t: 'beta', w: 2 }, { t: 'gamma', w: 2 }, { t: 'delta', w: 2 }] } },
    };
    // No match at all (the presearcher may skip a fingerprint that cannot flag) counts as not flagged.
    const run = (match: object, text: string) => matchItem(buildMatcherIndex([parseFingerprint({ ...base, match }, 't')]), { text, language: 'eng' })[0] ?? { flagged: false };
    expect(run({ minScore: 1, minCoverage: 0, minTerms: 2 }, 'alpha alpha')?.flagged).toBe(false);
    expect(run({ minScore: 1, minCoverage: 0, minTerms: 2 }, 'alpha beta')?.flagged).toBe(true);
    expect(run({ minScore: 5, minCoverage: 0, minTerms: 1 }, 'alpha beta')?.flagged).toBe(false);
    expect(run({ minScore: 5, minCoverage: 0, minTerms: 1 }, 'alpha beta gamma')?.flagged).toBe(true);
    expect(run({ minScore: 0, minCoverage: 0.6, minTerms: 1 }, 'alpha beta')?.flagged).toBe(false);
    expect(run({ minScore: 0, minCoverage: 0.6, minTerms: 1 }, 'alpha beta gamma')?.flagged).toBe(true);
  });

  it('weighs a term every narrative uses less than a term only one uses', () => {
    const fp = (id: string, word: string) => parseFingerprint({
      id, status: 'active', title: { eng: id }, languages: { eng: { terms: [{ t: 'Ukraine', w: 1 }, { t: word, w: 1 }] } }, match: { minScore: 0, minCoverage: 0, minTerms: 1 },
    }, id);
    const idx = buildMatcherIndex([fp('aa', 'grain'), fp('bb', 'gas'), fp('cc', 'vaccines'), fp('dd', 'refugees')]);
    const [m] = matchItem(idx, { text: 'Ukraine sells grain', language: 'eng' });
    const w = Object.fromEntries(m!.terms.map((t) => [t.term, t.weight]));
    expect(m!.narrative).toBe('aa');
    expect(w.grain).toBe(1);
    expect(w.Ukraine).toBeLessThan(0.5);
  });

  it('returns the same flags as scoring every fingerprint (the presearcher loses no flag)', () => {
    const words = ['grain', 'gas', 'nato', 'biolab', 'nazi', 'coup', 'maidan', 'refugee', 'vaccine', 'sanction', 'election', 'border'];
    const fps = Array.from({ length: 60 }, (_, i) => parseFingerprint({
      id: `fp-${i}`, status: 'active', title: { eng: `fp ${i}` },
      languages: { eng: { terms: [0, 1, 2, 3].map((j) => ({ t: words[(i * 7 + j * 5) % words.length]!, w: 1 + ((i + j) % 3) })) } },
      match: { minScore: 0.8, minCoverage: 0.3, minTerms: 2 },
    }, `fp-${i}`));
    const indexed = buildMatcherIndex(fps);
    let checked = 0;
    for (let k = 0; k < 40; k++) {
      const text = [0, 1, 2, 3, 4].map((j) => words[(k * 3 + j * j * 7) % words.length]).join(' ');
      const flags = matchItem(indexed, { text, language: 'eng' }).filter((m) => m.flagged).map((m) => m.narrative).sort();
      const scan = matchItemByScan(indexed, { text, language: 'eng' }).filter((m) => m.flagged).map((m) => m.narrative).sort();
      checked += scan.length;
      expect(flags).toEqual(scan);
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('explains one-word fingerprints (scored from the block table) exactly as the general verifier does', () => {
    const words = ['grain', 'gas', 'nato', 'biolab', 'nazi', 'coup', 'maidan', 'refugee', 'vaccine', 'sanction', 'election', 'border'];
    const fps = Array.from({ length: 40 }, (_, i) => parseFingerprint({
      id: `w-${i}`, status: 'active', title: { eng: `w ${i}` },
      languages: { eng: { terms: [0, 1, 2].map((j) => ({ t: words[(i * 5 + j * 7) % words.length]!, w: 1 + ((i + j) % 2) })), ...(i === 3 ? { exclude: ['debunked'] } : {}) } },
      match: { minScore: 0.5, minCoverage: 0.3, minTerms: 2 },
    }, `w-${i}`));
    const indexed = buildMatcherIndex(fps);
    const text = 'Sanctions on gas. NATO and the gas border: sanctioned grain, refugees at the border, debunked.';
    const flagged = (ms: NarrativeMatch[]) => ms.filter((m) => m.flagged);
    const got = flagged(matchItem(indexed, { text, language: 'eng' }));
    expect(got.length).toBeGreaterThan(3);
    expect(got).toEqual(flagged(matchItemByScan(indexed, { text, language: 'eng' })));
    const gas = got.flatMap((m) => m.terms).find((t) => t.term === 'gas')!;
    expect(gas.offsets.map(([s, e]) => text.slice(s, e))).toEqual(['gas', 'gas']);
    const sanction = got.flatMap((m) => m.terms).find((t) => t.term === 'sanction')!;
    expect(sanction.offsets.map(([s, e]) => text.slice(s, e))).toEqual(['Sanctions', 'sanctioned']);
    for (const m of got) expect(m.terms.map((t) => t.weight)).toEqual([...m.terms.map((t) => t.weight)].sort((a, b) => b - a));
  });
  it('explains runners-up only on request; everything else about them is unchanged', () => {
    const words = ['grain', 'gas', 'nato', 'biolab', 'nazi', 'coup', 'maidan', 'refugee', 'vaccine', 'sanction', 'election', 'border'];
    const fps = Array.from({ length: 40 }, (_, i) => parseFingerprint({
      id: `r-${i}`, status: 'active', title: { eng: `r ${i}` },
      languages: { eng: { terms: [0, 1, 2, 3].map((j) => ({ t: words[(i * 5 + j * 7) % words.length]!, w: 1 })), ...(i % 4 === 1 ? { exclude: ['debunked'] } : {}), ...(i % 4 === 2 ? { phrases: [{ p: 'gas border', w: 1 }] } : {}) } },
      match: { minScore: 2.5, minCoverage: 0.6, minTerms: 3 },
    }, `r-${i}`));
    const indexed = buildMatcherIndex(fps);
    const text = 'Sanctions on gas. NATO and the gas border: grain, refugees at the border, debunked.';
    const explained = matchItem(indexed, { text, language: 'eng' }, { explainRunnersUp: true });
    const plain = matchItem(indexed, { text, language: 'eng' });
    expect(explained.filter((m) => !m.flagged).length).toBeGreaterThan(2);
    expect(explained.filter((m) => !m.flagged).every((m) => m.terms.length > 0)).toBe(true);
    expect(plain).toEqual(explained.map((m) => (m.flagged ? m : { ...m, terms: [] })));
    expect(matchItemByScan(indexed, { text, language: 'eng' })).toEqual(explained);
  });
});
