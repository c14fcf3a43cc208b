import type { Command } from 'commander';
import { loadConfig } from '@narmon/shared';
import { loadFingerprints } from '@narmon/shared/narratives';
import { buildMatcherIndex, matchItem } from '@narmon/shared/pipeline/analyze';
import { createLanguageDetector } from '@narmon/shared/pipeline/language';
import type { NarrativeMatch } from '@narmon/shared';
import { readJsonLines, writeJsonLine } from '../io.js';

function present(m: NarrativeMatch) {
  return {
    narrative: m.narrative,
    version: m.version,
    score: Math.round(m.score * 1000) / 1000,
    coverage: Math.round(m.coverage * 1000) / 1000,
    language: m.language,
    flagged: m.flagged,
    ...(m.excludedBy ? { excludedBy: m.excludedBy } : {}),
    // The explanation: each matched term, phrase or entity, its weight (analyst weight x rarity) and where it is.
    terms: m.terms.map((t) => ({
      term: t.term,
      kind: t.kind,
      weight: Math.round(t.weight * 1000) / 1000,
      ...(t.analystWeight !== undefined ? { analystWeight: t.analystWeight } : {}),
      ...(t.rarity !== undefined ? { rarity: Math.round(t.rarity * 1000) / 1000 } : {}),
      offsets: t.offsets,
    })),
  };
}

/**
 * `narmon match --narratives <file-or-dir>`: JSON lines {"id","title"?,"text","language"?} in;
 * {"id","language","matches":[...best first],"runnersUp":[...]} out, one per line, same order.
 * Term offsets point into title + "\n" + text (text alone when there is no title).
 */
export function registerMatchCommand(program: Command): void {
  program.command('match')
    .description('score JSON lines {"id","title"?,"text","language"?} from stdin against narrative fingerprints')
    .requiredOption('--narratives <file-or-dir>', 'fingerprint file (JSON/YAML) or a directory of them')
    .action(async (opts: { narratives: string }) => {
      const config = loadConfig();
      const index = buildMatcherIndex(await loadFingerprints(opts.narratives));
      const detector = createLanguageDetector({ languages: config.LANGUAGES, detector: config.LANGUAGE_DETECTOR });
      for await (const row of readJsonLines(process.stdin, (n, msg) => console.error(`narmon match: line ${n}: ${msg}`))) {
        if (typeof row.text !== 'string') {
          await writeJsonLine({ id: row.id ?? null, language: 'und', matches: [], error: 'missing "text" (a string)' });
          continue;
        }
        const title = typeof row.title === 'string' ? row.title : undefined;
        let language = typeof row.language === 'string' ? row.language : null;
        let candidates: string[] = [];
        if (!language) {
          const r = detector.detect(title ? `${title}\n${row.text}` : row.text);
          language = r.language;
          candidates = r.candidates;
        }
        // Runners-up are printed with their terms, so they are explained too (the ingest path skips that).
        const matches = matchItem(index, { title, text: row.text, language, languageCandidates: candidates }, { explainRunnersUp: true });
        await writeJsonLine({
          id: row.id ?? null,
          language,
          matches: matches.filter((m) => m.flagged).map(present),
          runnersUp: matches.filter((m) => !m.flagged).slice(0, 5).map(present),
        });
      }
    });
}
