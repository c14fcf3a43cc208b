import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { FingerprintError, NarmonError, loadConfig } from '@narmon/shared';
import { narrativeRepository } from '@narmon/shared/db';
import { fingerprintToJson, fingerprintToYaml, learnFingerprint, loadFingerprints, parseFingerprint, type LearnExample } from '@narmon/shared/narratives';
import { createLanguageDetector } from '@narmon/shared/pipeline/language';
import type { Fingerprint } from '@narmon/schemas';
import { withDatabase } from '../with-database.js';

/** Invalid user input: printed as one line naming the file and field, exit code 2. */
class InputError extends NarmonError {
  constructor(message: string) {
    super('invalid-input', message);
  }
}


/** Runs a command body, turning input errors into one line on stderr and exit code 2. */
function inputErrorsExit2(name: string, fn: (...args: any[]) => Promise<void>) {
  return async (...args: any[]) => {
    try {
      await fn(...args);
    } catch (err) {
      if (err instanceof InputError || err instanceof FingerprintError) {
        console.error(`narmon narratives ${name}: ${err.message}`);
        process.exit(2);
      }
      throw err;
    }
  };
}

/** Reads {"text","language"?} lines; any bad line is an input error naming the file and line. */
async function readExamples(file: string): Promise<LearnExample[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const out: LearnExample[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (err) {
      throw new InputError(`${file}: line ${i + 1}: not valid JSON (${(err as Error).message.split('\n')[0]})`);
    }
    const r = row as Record<string, unknown>;
    if (!row || typeof row !== 'object' || Array.isArray(row) || typeof r.text !== 'string' || !r.text.trim()) {
      throw new InputError(`${file}: line ${i + 1}: text: must be a non-empty string`);
    }
    if (r.language !== undefined && r.language !== null && (typeof r.language !== 'string' || !/^[a-z]{3}$/.test(r.language))) {
      throw new InputError(`${file}: line ${i + 1}: language: must be an ISO 639-3 code such as "rus"`);
    }
    out.push({ text: r.text, language: (r.language as string | undefined) ?? null });
  }
  if (out.length === 0) throw new InputError(`${file}: no example lines`);
  return out;
}

function print(fps: Array<Fingerprint>, format: 'json' | 'yaml'): string {
  if (format === 'json') return fps.length === 1 ? fingerprintToJson(fps[0]!) : `${JSON.stringify(fps, null, 2)}\n`;
  return fps.length === 1 ? fingerprintToYaml(fps[0]!) : fingerprintToYaml(fps as unknown as Fingerprint);
}

/** `narmon narratives import|export|validate|list|learn`. */
export function registerNarrativesCommands(program: Command): void {
  const narratives = program.command('narratives').description('manage narrative fingerprints (files <-> PostgreSQL) and learn drafts from examples');

  narratives.command('validate')
    .description('check fingerprint files (JSON/YAML, or directories of them) against the schema; no database needed')
    .argument('<paths...>', 'fingerprint files or directories')
    .action(inputErrorsExit2('validate', async (paths: string[]) => {
      for (const path of paths) {
        const fps = await loadFingerprints(path);
        console.log(`ok ${path}: ${fps.length} fingerprint(s): ${fps.map((f) => `${f.id} v${f.version} ${f.status}`).join(', ')}`);
      }
    }));

  narratives.command('import')
    .description('publish fingerprint files into PostgreSQL; an unchanged document changes nothing, a changed one becomes a new version')
    .argument('<paths...>', 'fingerprint files or directories')
    .option('--by <name>', 'recorded as the author of new versions')
    .action(inputErrorsExit2('import', async (paths: string[], opts: { by?: string }) => {
      const fps = (await Promise.all(paths.map((p) => loadFingerprints(p)))).flat();
      await withDatabase(async (db) => {
        for (const fp of fps) {
          const r = await narrativeRepository.publishFingerprint(db, fp, opts.by ?? null);
          console.log(`${r.id} v${r.version} ${r.changed ? 'published' : 'unchanged'}`);
        }
      });
    }));

  narratives.command('list')
    .description('list the current version of every narrative')
    .addOption(new Option('--status <status>', 'only this status').choices(['draft', 'active', 'retired']))
    .option('--json', 'one JSON object per line')
    .action(async (opts: { status?: Fingerprint['status']; json?: boolean }) => {
      const rows = await withDatabase((db) => narrativeRepository.listCurrentFingerprints(db, opts.status ? { status: opts.status } : {}));
      for (const row of rows) {
        const doc = row.document as Fingerprint;
        const title = Object.values(doc.title ?? {})[0] ?? '';
        const languages = Object.keys(doc.languages ?? {}).join(',');
        if (opts.json) console.log(JSON.stringify({ id: row.id, version: row.version, status: row.status, title, languages, updatedAt: row.updated_at }));
        else console.log(`${row.id}\tv${row.version}\t${row.status}\t${languages}\t${title}`);
      }
      if (!opts.json) console.error(`${rows.length} narrative(s)`);
    });

  narratives.command('export')
    .description('write current fingerprints as YAML/JSON (stdout, or one file per narrative with --out)')
    .option('--id <id...>', 'only these narratives')
    .addOption(new Option('--status <status>', 'only this status').choices(['draft', 'active', 'retired']))
    .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .option('--out <dir>', 'write <id>.yaml / <id>.json files into this directory')
    .action(async (opts: { id?: string[]; status?: Fingerprint['status']; format: 'yaml' | 'json'; out?: string }) => {
      const rows = await withDatabase((db) => narrativeRepository.listCurrentFingerprints(db, opts.status ? { status: opts.status } : {}));
      const fps = rows.filter((r) => !opts.id || opts.id.includes(r.id))
        .map((r) => ({ ...parseFingerprint(r.document, `narrative ${r.id} v${r.version}`), version: r.version }));
      if (opts.id) {
        const missing = opts.id.filter((id) => !fps.some((f) => f.id === id));
        if (missing.length) throw new NarmonError('not-found', `no narrative with id ${missing.join(', ')}`);
      }
      if (!opts.out) {
        process.stdout.write(fps.length ? print(fps, opts.format) : '');
        return;
      }
      await mkdir(opts.out, { recursive: true });
      for (const fp of fps) {
        const file = join(opts.out, `${fp.id}.${opts.format}`);
        await writeFile(file, print([fp], opts.format));
        console.log(file);
      }
    });

  narratives.command('learn')
    .description('propose a draft fingerprint from example texts; prints one fingerprint document on stdout')
    .requiredOption('--examples <jsonl>', 'example lines {"text","language"?} (ISO 639-3; detected when absent)')
    .option('--background <jsonl>', 'texts to tell the narrative apart from (a built-in general background is always included)')
    .requiredOption('--id <id>', 'the narrative id (lowercase slug)')
    .requiredOption('--title <title>', 'the narrative title')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'yaml']).default('json'))
    .option('--max-terms <n>', 'most terms per language', (v) => Number(v), 30)
    .option('--library <path>', 'fingerprint files (a folder or a file) the draft will join: thresholds are calibrated among them')
    .action(inputErrorsExit2('learn', async (opts: { examples: string; background?: string; id: string; title: string; format: 'json' | 'yaml'; maxTerms: number; library?: string }) => {
      if (!/^[a-z0-9][a-z0-9-]{1,79}$/.test(opts.id)) throw new InputError(`--id: must be a lowercase slug (a-z, 0-9, -), 2-80 characters`);
      const examples = await readExamples(opts.examples);
      const background = opts.background ? await readExamples(opts.background) : undefined;
      let detect: ((text: string) => string) | undefined;
      if ([...examples, ...(background ?? [])].some((x) => !x.language)) {
        const config = loadConfig();
        const detector = createLanguageDetector({ languages: config.LANGUAGES, detector: config.LANGUAGE_DETECTOR });
        detect = (text) => detector.detect(text).language;
      }
      let doc;
      try {
        const library = opts.library ? await loadFingerprints(opts.library) : undefined;
        doc = learnFingerprint({ id: opts.id, title: opts.title, examples, background, detectLanguage: detect, maxTerms: opts.maxTerms, library });
      } catch (err) {
        if ((err as { code?: string }).code === 'learn-input') throw new InputError(`${opts.examples}: ${(err as Error).message}`);
        throw err;
      }
      process.stdout.write(opts.format === 'json' ? fingerprintToJson(doc) : fingerprintToYaml(doc));
    }));
}
