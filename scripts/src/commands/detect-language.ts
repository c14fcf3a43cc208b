import type { Command } from 'commander';
import { loadConfig } from '@narmon/shared';
import { createLanguageDetector } from '@narmon/shared/pipeline/language';
import { readJsonLines, writeJsonLine } from '../io.js';

/**
 * `narmon detect-language`: JSON lines {"id","text","declared"?} in, {"id","language","confidence"} out,
 * one per input line in the same order. A line without text answers "und" with an `error`.
 */
export function registerDetectLanguageCommand(program: Command): void {
  program.command('detect-language')
    .description('detect the language of JSON lines {"id","text","declared"?} read on stdin')
    .action(async () => {
      const config = loadConfig();
      const detector = createLanguageDetector({ languages: config.LANGUAGES, detector: config.LANGUAGE_DETECTOR });
      for await (const row of readJsonLines(process.stdin, (n, msg) => console.error(`narmon detect-language: line ${n}: ${msg}`))) {
        if (typeof row.text !== 'string') {
          await writeJsonLine({ id: row.id ?? null, language: 'und', confidence: 0, error: 'missing "text" (a string)' });
          continue;
        }
        const declared = typeof row.declared === 'string' ? row.declared : null;
        const r = detector.detect(row.text, { declared });
        await writeJsonLine({ id: row.id ?? null, language: r.language, confidence: round(r.confidence) });
      }
    });
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
