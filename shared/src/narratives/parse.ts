import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import YAML from 'yaml';
import { fingerprintSchema, type Fingerprint } from '@narmon/schemas';
import { FingerprintError } from '../errors/index.js';

const FINGERPRINT_EXTENSIONS = new Set(['.json', '.yaml', '.yml']);

/** Validates one fingerprint document; the error names every bad field by its path. */
export function parseFingerprint(doc: unknown, source: string): Fingerprint {
  const parsed = fingerprintSchema.safeParse(doc);
  if (!parsed.success) {
    throw new FingerprintError(source, parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(document)'}: ${i.message}`));
  }
  return parsed.data;
}

/** Parses a JSON or YAML fingerprint file's text (one document, or an array of documents). */
export function parseFingerprintText(text: string, source: string): Fingerprint[] {
  let doc: unknown;
  try {
    doc = extname(source) === '.json' ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    throw new FingerprintError(source, [`not valid ${extname(source) === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`]);
  }
  const docs = Array.isArray(doc) ? doc : [doc];
  return docs.map((d, i) => parseFingerprint(d, docs.length > 1 ? `${source}[${i}]` : source));
}

/** Loads every fingerprint from a file or a directory (non-recursive, .json/.yaml/.yml). Duplicate ids are an error. */
export async function loadFingerprints(path: string): Promise<Fingerprint[]> {
  let files: string[];
  try {
    const s = await stat(path);
    files = s.isDirectory()
      ? (await readdir(path)).filter((f) => FINGERPRINT_EXTENSIONS.has(extname(f))).sort().map((f) => join(path, f))
      : [path];
  } catch (err) {
    throw new FingerprintError(path, [`cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`]);
  }
  const out: Fingerprint[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    for (const fp of parseFingerprintText(await readFile(file, 'utf8'), file)) {
      const prev = seen.get(fp.id);
      if (prev) throw new FingerprintError(file, [`id "${fp.id}" is already defined in ${prev}`]);
      seen.set(fp.id, file);
      out.push(fp);
    }
  }
  return out;
}
