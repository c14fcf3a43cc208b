import type { Command } from 'commander';
import { loadConfig } from '@narmon/shared';
import { createLanguageDetector } from '@narmon/shared/pipeline/language';
import { readJsonLines, writeJsonLine } from '../io.js';

/**
 * `narmon detect-language`: JSON lines {"id","text","declared"?} in, {"id","language","confidence"} out,
 * one per input line in the same order. `declared` is the feed's language tag as published
 * (BCP 47 such as "lv" or "ru-RU"): it only breaks near-ties and fills in for too little text.
 * A line without text answers "und" with an `error`; a `declared` that is not a string is
 * ignored and said so in `error`.
 */
export function registerDetectLanguageCommand(program: Command): void {
  program.command('detect-language')
    .description('detect the language of JSON lines {"id","text","declared"?} read on stdin')
    .action(async () => {
      const config = loadConfig();
      const detector = createLanguageDetector({ languages: config.LANGUAGES, detector: config.LANGUAGE_DETECTOR });
      for await (const row of readJsonLines(process.stdin, (n, msg) => console.error(`narmon detect-language: line ${n}: ${msg}`))) {
        const id = row.id ?? null;
        if (typeof row.text !== 'string') {
          await writeJsonLine({ id, language: 'und', confidence: 0, error: 'missing "text" (a string)' });
          continue;
        }
        const badDeclared = row.declared !== undefined && row.declared !== null && typeof row.declared !== 'string';
        const r = detector.detect(row.text, { declared: typeof row.declared === 'string' ? row.declared : null });
        await writeJsonLine({
          id, language: r.language, confidence: round(r.confidence),
          ...(badDeclared ? { error: 'ignored "declared": not a language tag string' } : {}),
        });
      }
    });
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
