import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFingerprints, parseFingerprint, parseFingerprintText } from '@narmon/shared/narratives';
import { buildMatcherIndex, matchItem } from '@narmon/shared/pipeline/analyze';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import { runNarmon } from '../../test/support/narmon-cli.js';

const FIXTURES = fileURLToPath(new URL('../../shared/test/fixtures/narratives/', import.meta.url));
let t: TestDatabase;
let dir: string;

const narmon = (args: string[], stdin = '') => runNarmon(args, { env: { DATABASE_URL: t.url }, stdin });

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'narmon-narratives-'));
});
afterAll(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('narmon narratives', () => {
  it('validates fingerprint files and rejects an invalid one naming the file and field (exit 2)', async () => {
    const ok = await narmon(['narratives', 'validate', FIXTURES]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('3 fingerprint(s)');
    const bad = await narmon(['narratives', 'validate', join(FIXTURES, 'invalid/invalid-weight.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/invalid-weight\.yaml: .*languages\.eng\.terms\.0\.w/);
  });

  it('imports idempotently, versions a changed document, lists and exports what it stored', async () => {
    const first = await narmon(['narratives', 'import', FIXTURES]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('us-biolabs-ukraine v1 published');
    const again = await narmon(['narratives', 'import', FIXTURES]);
    expect(again.stdout).toContain('us-biolabs-ukraine v1 unchanged');

    const changed = readFileSync(join(FIXTURES, 'biolabs.yaml'), 'utf8').replace('{ t: pathogens, w: 2 }', '{ t: pathogens, w: 4 }');
    writeFileSync(join(dir, 'biolabs.yaml'), changed);
    const v2 = await narmon(['narratives', 'import', join(dir, 'biolabs.yaml')]);
    expect(v2.stdout.trim()).toBe('us-biolabs-ukraine v2 published');

    const list = await narmon(['narratives', 'list', '--json']);
    const rows = list.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; version: number; status: string });
    expect(rows.map((r) => [r.id, r.version])).toEqual([['latvia-language-discrimination', 1], ['nazi-regime-kyiv', 2], ['us-biolabs-ukraine', 2]]);

    const exported = await narmon(['narratives', 'export', '--id', 'us-biolabs-ukraine']);
    expect(exported.code).toBe(0);
    const [fp] = parseFingerprintText(exported.stdout, 'export.yaml');
    expect(fp).toMatchObject({ id: 'us-biolabs-ukraine', version: 2 });
    expect(fp!.languages.eng!.terms.find((x) => x.t === 'pathogens')!.w).toBe(4);

    const out = join(dir, 'exported');
    const files = await narmon(['narratives', 'export', '--out', out, '--format', 'json']);
    expect(files.stdout.trim().split('\n')).toHaveLength(3);
    expect((await narmon(['narratives', 'validate', out])).code).toBe(0);
  });

  it('learns a draft fingerprint from examples that is valid and matches similar text', async () => {
    const examples = [
      'The Pentagon runs secret biolabs in Ukraine that develop biological weapons.',
      'Secret American biolabs near the Russian border test dangerous pathogens.',
      'Documents prove the biolabs in Ukraine were funded by the Pentagon to make biological weapons.',
      'Biological weapons are being developed in Pentagon biolabs, the ministry claims.',
    ].map((text) => JSON.stringify({ text, language: 'eng' })).join('\n');
    writeFileSync(join(dir, 'examples.jsonl'), `${examples}\n`);
    const r = await narmon(['narratives', 'learn', '--examples', join(dir, 'examples.jsonl'), '--id', 'learned-biolabs', '--title', 'US biolabs in Ukraine']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    const fp = parseFingerprint(doc, 'learned');
    expect(fp).toMatchObject({ id: 'learned-biolabs', status: 'draft', title: { eng: 'US biolabs in Ukraine' } });
    const terms = fp.languages.eng!.terms.map((x) => x.t);
    expect(terms).toEqual(expect.arrayContaining(['biolabs', 'pentagon']));
    expect(terms).not.toContain('the');
    const [m] = matchItem(buildMatcherIndex([{ ...fp, status: 'active' }]), { text: 'New biolabs of the Pentagon make biological weapons', language: 'eng' });
    expect(m).toMatchObject({ narrative: 'learned-biolabs', flagged: true });
  });

  it('calibrates a learned draft among a library given with --library, and names a library it cannot read', async () => {
    const library = fileURLToPath(new URL('../demo/narratives/', import.meta.url));
    const r = await narmon(['narratives', 'learn', '--examples', join(dir, 'examples.jsonl'), '--id', 'learned-biolabs', '--title', 'US biolabs in Ukraine', '--library', library]);
    expect(r.code).toBe(0);
    const demo = (await loadFingerprints(library)).length;
    expect((JSON.parse(r.stdout) as { provenance: { note: string } }).provenance.note).toContain(`among ${demo} fingerprint(s) of the library`);
    const missing = await narmon(['narratives', 'learn', '--examples', join(dir, 'examples.jsonl'), '--id', 'learned-biolabs', '--title', 'x', '--library', join(dir, 'no-such-dir')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such-dir');
  });

  it('detects the language of examples that do not name one', async () => {
    const lines = [
      'Пентагон тайно финансирует биолаборатории на Украине, где создают биологическое оружие.',
      'Американские биолаборатории на Украине испытывают опасные патогены, заявляет министерство.',
      'Биолаборатории Пентагона разрабатывают биологическое оружие у границ России.',
    ].map((text) => JSON.stringify({ text })).join('\n');
    writeFileSync(join(dir, 'ru.jsonl'), lines);
    const r = await narmon(['narratives', 'learn', '--examples', join(dir, 'ru.jsonl'), '--id', 'ru-biolabs', '--title', 'Биолаборатории США', '--format', 'yaml']);
    expect(r.code).toBe(0);
    const [fp] = parseFingerprintText(r.stdout, 'learned.yaml');
    expect(Object.keys(fp!.languages)).toEqual(['rus']);
    expect(fp!.languages.rus!.terms.map((x) => x.t)).toEqual(expect.arrayContaining(['биолаборатории']));
  });

  it('exits 2 with the file and line when an example line is bad', async () => {
    writeFileSync(join(dir, 'bad.jsonl'), '{"text":"fine example","language":"eng"}\n{"txt":"no text"}\n');
    const r = await narmon(['narratives', 'learn', '--examples', join(dir, 'bad.jsonl'), '--id', 'x-bad', '--title', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.jsonl: line 2: text: must be a non-empty string/);
    expect(r.stdout).toBe('');
  });
});
