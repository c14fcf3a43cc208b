// `npm run eval:narratives`: evaluates the matcher and the learner on the developer reference data
// in ../shared/reference/narratives (read at run time only: its licence is unclear, nothing is copied).
//   (a) Propaganda Diary: learn 13 narrative fingerprints from one half of the cases, score the other half (en/ru/uk)
//   (a') the same with each fingerprint's thresholds calibrated among the other twelve (learn --library)
//   (b) EUvsDisinfo: each case summary against the library of all titles, S@1 and S@5
//   (c) EUvsDisinfo keyword tags learned from titles (earlier half) and predicted on later titles
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Fingerprint, FingerprintInput } from '@narmon/schemas';
import { learnFingerprint, parseFingerprint } from '@narmon/shared/narratives';
import { AnalyzerSet, buildMatcherIndex, matchItem } from '@narmon/shared/pipeline/analyze';

const REF = resolve(process.cwd(), process.env.NARMON_NARRATIVES_REF ?? '../shared/reference/narratives');

function readJsonl<T>(file: string): T[] {
  return readFileSync(resolve(REF, file), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}

const pct = (x: number) => x.toFixed(3);
const slug = (s: string, i: number) => `n${i}-${s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40)}`.replace(/-$/, '');
const normTitle = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

interface PdRow {
  id: string;
  narrative: { en: string; ru: string; uk: string } | null;
  text: { en: string; ru: string; uk: string };
  links_aligned: boolean;
}

interface PdResult { language: string; test: number; top1: number; precision: number; recall: number; flags: number }

/**
 * Each language's thirteen fingerprints are learned alone (`results`), then learned again with the
 * other twelve as the library they join (`amongLibrary`), as an analyst adding a draft to a live
 * library would; both sets score the same test half.
 */
export function propagandaDiary(analyzers: AnalyzerSet, tuning: { maxTerms?: number; maxPhrases?: number } = {}) {
  const rows = readJsonl<PdRow>('propaganda_diary_dev.jsonl').filter((r) => r.narrative && r.links_aligned && r.text.en && r.text.ru && r.text.uk);
  const labels = [...new Set(rows.map((r) => r.narrative!.en))].sort();
  // Split each narrative's cases alternately (by id) so both halves cover every narrative.
  const train: PdRow[] = [];
  const test: PdRow[] = [];
  for (const label of labels) {
    rows.filter((r) => r.narrative!.en === label).sort((a, b) => a.id.localeCompare(b.id)).forEach((r, i) => (i % 2 === 0 ? train : test).push(r));
  }
  const langs = [['en', 'eng'], ['ru', 'rus'], ['uk', 'ukr']] as const;
  const results: PdResult[] = [];
  const amongLibrary: PdResult[] = [];
  for (const [pdLang, iso] of langs) {
    const learn = (library: Fingerprint[]) => labels.map((label, i) => {
      const mine = train.filter((r) => r.narrative!.en === label);
      const others = train.filter((r) => r.narrative!.en !== label);
      const doc = learnFingerprint({
        id: slug(label, i),
        title: mine[0]!.narrative![pdLang],
        examples: mine.map((r) => ({ text: r.text[pdLang], language: iso })),
        background: others.map((r) => ({ text: r.text[pdLang], language: iso })),
        analyzers,
        library,
        ...tuning,
      });
      return parseFingerprint({ ...doc, status: 'active' }, label);
    });
    const idOf = new Map(labels.map((l, i) => [l, slug(l, i)]));
    const score = (fps: Fingerprint[]): PdResult => {
      const index = buildMatcherIndex(fps, { analyzers });
      let top1 = 0;
      let flags = 0;
      let correctFlags = 0;
      let recalled = 0;
      for (const r of test) {
        const matches = matchItem(index, { text: r.text[pdLang], language: iso });
        const want = idOf.get(r.narrative!.en);
        if (matches[0]?.narrative === want) top1++;
        const flagged = matches.filter((m) => m.flagged);
        flags += flagged.length;
        correctFlags += flagged.filter((m) => m.narrative === want).length;
        if (flagged.some((m) => m.narrative === want)) recalled++;
      }
      return { language: iso, test: test.length, top1: top1 / test.length, precision: flags ? correctFlags / flags : 0, recall: recalled / test.length, flags };
    };
    const alone = learn([]);
    results.push(score(alone));
    amongLibrary.push(score(learn(alone)));
  }
  return { narratives: labels.length, train: train.length, test: test.length, results, amongLibrary };
}

function printPdTable(results: PdResult[]): void {
  console.log('| language | test cases | top-1 | flag precision | flag recall | flags |');
  console.log('|---|---|---|---|---|---|');
  for (const r of results) console.log(`| ${r.language} | ${r.test} | ${pct(r.top1)} | ${pct(r.precision)} | ${pct(r.recall)} | ${r.flags} |`);
}

interface EuCase { id: string; title: string; summary: string; keywords: string[]; date: string }
interface EuTitle { id: string; title: string; keywords: string[]; date: string }

/** Every distinct EUvsDisinfo title as a one-block English fingerprint: its content words, weight 1. */
export function titleLibrary(titles: string[], analyzers: AnalyzerSet, match = { minScore: 0, minCoverage: 0, minTerms: 1 }): { fps: Fingerprint[]; idByTitle: Map<string, string> } {
  const eng = analyzers.get('eng');
  const fps: Fingerprint[] = [];
  const idByTitle = new Map<string, string>();
  for (const title of titles) {
    const key = normTitle(title);
    if (!key || idByTitle.has(key)) continue;
    const words = new Map<string, string>();
    for (const t of eng.tokens(title)) if (!t.stop && t.norm.length > 1 && !words.has(t.key)) words.set(t.key, t.norm);
    if (words.size === 0) continue;
    const id = `t${fps.length}`;
    idByTitle.set(key, id);
    fps.push(parseFingerprint({
      id, status: 'active', title: { eng: title }, languages: { eng: { terms: [...words.values()].map((t) => ({ t, w: 1 })) } }, match,
    } satisfies FingerprintInput, id));
  }
  return { fps, idByTitle };
}

export function summaryToTitle(analyzers: AnalyzerSet) {
  const cases = readJsonl<EuCase>('euvsdisinfo_cases_2015-2017.jsonl').filter((c) => c.title && c.summary);
  const titles = readJsonl<EuTitle>('euvsdisinfo_titles_2015-2018.jsonl');
  const { fps, idByTitle } = titleLibrary([...cases.map((c) => c.title), ...titles.map((t) => t.title)], analyzers);
  const index = buildMatcherIndex(fps, { analyzers });
  let s1 = 0;
  let s5 = 0;
  let n = 0;
  for (const c of cases) {
    const want = idByTitle.get(normTitle(c.title));
    if (!want) continue;
    n++;
    const ranked = matchItem(index, { text: c.summary, language: 'eng' }).map((m) => m.narrative);
    if (ranked[0] === want) s1++;
    if (ranked.slice(0, 5).includes(want)) s5++;
  }
  return { library: fps.length, summaries: n, s1: s1 / n, s5: s5 / n };
}

export function keywordTags(analyzers: AnalyzerSet, minCases = 20) {
  const cases = readJsonl<EuCase>('euvsdisinfo_cases_2015-2017.jsonl').filter((c) => c.title);
  const later = readJsonl<EuTitle>('euvsdisinfo_titles_2015-2018.jsonl').filter((t) => t.date > '2017-10-03' && t.title);
  const counts = new Map<string, number>();
  for (const c of cases) for (const k of new Set(c.keywords)) counts.set(k, (counts.get(k) ?? 0) + 1);
  const tags = [...counts].filter(([, n]) => n >= minCases).map(([k]) => k).sort();
  const fps = tags.map((tag, i) => {
    const doc = learnFingerprint({
      id: slug(tag, i), title: tag,
      examples: cases.filter((c) => c.keywords.includes(tag)).map((c) => ({ text: c.title, language: 'eng' })),
      background: cases.filter((c) => !c.keywords.includes(tag)).map((c) => ({ text: c.title, language: 'eng' })),
      analyzers, maxTerms: 20, maxPhrases: 4,
    });
    return parseFingerprint({ ...doc, status: 'active' }, tag);
  });
  const tagOf = new Map(fps.map((f, i) => [f.id, tags[i]!]));
  const index = buildMatcherIndex(fps, { analyzers });
  let tp = 0;
  let predicted = 0;
  let gold = 0;
  const tagSet = new Set(tags);
  for (const t of later) {
    const want = new Set(t.keywords.filter((k) => tagSet.has(k)));
    const got = new Set(matchItem(index, { text: t.title, language: 'eng' }).filter((m) => m.flagged).map((m) => tagOf.get(m.narrative)!));
    gold += want.size;
    predicted += got.size;
    for (const g of got) if (want.has(g)) tp++;
  }
  return { tags: tags.length, trainTitles: cases.length, testTitles: later.length, precision: predicted ? tp / predicted : 0, recall: gold ? tp / gold : 0 };
}

async function main() {
  const analyzers = new AnalyzerSet();
  const pd = propagandaDiary(analyzers);
  console.log(`\n(a) Propaganda Diary: ${pd.narratives} narratives, fingerprints learned from ${pd.train} cases, scored on ${pd.test} other cases`);
  printPdTable(pd.results);
  console.log(`\n(a') the same, each fingerprint's thresholds calibrated among the other ${pd.narratives - 1} (narratives learn --library)`);
  printPdTable(pd.amongLibrary);

  const st = summaryToTitle(analyzers);
  console.log(`\n(b) EUvsDisinfo summary -> title: ${st.summaries} summaries against a library of ${st.library} distinct titles`);
  console.log(`| S@1 | S@5 |\n|---|---|\n| ${pct(st.s1)} | ${pct(st.s5)} |`);

  const kt = keywordTags(analyzers);
  console.log(`\n(c) EUvsDisinfo keyword tags from titles: ${kt.tags} tags (>= 20 cases) learned from ${kt.trainTitles} titles (2015-02..2017-10), predicted on ${kt.testTitles} later titles`);
  console.log(`| micro precision | micro recall |\n|---|---|\n| ${pct(kt.precision)} | ${pct(kt.recall)} |`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) await main();
