// `npm run eval:language [-- --file <labelled.jsonl>]`: accuracy of both detectors (eld, franc)
// per language and per length bucket, the confusion pairs and the calibration of the confidence,
// on ../shared/fixtures/lang/dev.jsonl by default.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '@narmon/shared';
import {
  accuracy, createLanguageDetector, evaluateLanguageDetector, LENGTH_BUCKETS, sameScriptWrongLanguage,
  type DetectorName, type LabelledText, type LanguageEvaluation, type Tally,
} from '@narmon/shared/pipeline/language';

const { values } = parseArgs({ options: { file: { type: 'string', default: '../shared/fixtures/lang/dev.jsonl' } } });
const file = resolve(process.cwd(), values.file!);
const rows: LabelledText[] = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as LabelledText);
const config = loadConfig();

const pct = (t: Tally) => (t.total === 0 ? '—' : `${(accuracy(t) * 100).toFixed(1)}%`);
const cell = (t: Tally) => (t.total === 0 ? '—' : `${pct(t)} (${t.total})`);

function printEvaluation(e: LanguageEvaluation, isDefault: boolean): void {
  console.log(`\n## ${e.detector}${isDefault ? ' (default: LANGUAGE_DETECTOR)' : ''} — ${pct(e.overall)} of ${e.overall.total} texts right\n`);
  console.log(`| lang | ${LENGTH_BUCKETS.join(' | ')} | all |`);
  console.log(`|---|${LENGTH_BUCKETS.map(() => '---').join('|')}|---|`);
  for (const [lang, buckets] of Object.entries(e.byLanguageAndBucket).sort()) {
    console.log(`| ${lang} | ${LENGTH_BUCKETS.map((b) => cell(buckets[b])).join(' | ')} | ${cell(e.byLanguage[lang]!)} |`);
  }
  console.log(`| **all** | ${LENGTH_BUCKETS.map((b) => cell(e.byBucket[b])).join(' | ')} | ${cell(e.overall)} |`);
  console.log(`\nconfusions (gold->detected): ${e.confusions.slice(0, 15).map(([pair, n]) => `${pair} ${n}`).join(', ') || 'none'}`);
  console.log(`close calls (two blocks scored): ${e.closeCalls}; right language among the candidates: ${pct(e.candidateRecall)}`);
  let from = 0;
  console.log(`calibration (confidence -> share right): ${e.calibration.map((b) => { const s = `${from}-${b.upTo}: ${b.total ? pct(b) : '—'} of ${b.total}`; from = b.upTo; return s; }).join(', ')}`);
}

console.log(`# Language identification on ${values.file} (${rows.length} texts), languages ${config.LANGUAGES.join(',')}`);
const detectors: DetectorName[] = config.LANGUAGE_DETECTOR === 'eld' ? ['eld', 'franc'] : ['franc', 'eld'];
for (const name of detectors) {
  const detector = createLanguageDetector({ languages: config.LANGUAGES, detector: name });
  printEvaluation(evaluateLanguageDetector(detector, rows), name === config.LANGUAGE_DETECTOR);
  const rightPrior = evaluateLanguageDetector(detector, rows, { declared: (row) => row.lang });
  const wrongPrior = evaluateLanguageDetector(detector, rows, { declared: sameScriptWrongLanguage(config.LANGUAGES) });
  console.log(`with the right language declared: ${pct(rightPrior.overall)} (<=40: ${pct(rightPrior.byBucket['<=40'])}); `
    + `with a wrong same-script language declared (rus->ukr, lav->lit...): ${pct(wrongPrior.overall)} (<=40: ${pct(wrongPrior.byBucket['<=40'])})`);
}
