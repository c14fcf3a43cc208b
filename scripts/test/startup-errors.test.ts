import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

// Misconfiguration must stop the process with one line naming the problem, through the real binary.
function narmon(args: string[], env: Record<string, string> = {}, input = '') {
  const r = spawnSync(process.execPath, ['scripts/bin/narmon.mjs', ...args], {
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.trim() };
}

describe('startup errors', () => {
  it('bad environment variables: one line listing every bad one, exit 2', () => {
    const r = narmon(['migrate'], { LOG_LEVEL: 'loud', API_PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^narmon: invalid configuration: /);
    for (const name of ['LOG_LEVEL', 'API_PORT', 'DATABASE_URL']) expect(r.stderr).toContain(name);
  });

  it('an unreachable database: one line naming it, exit 1, no password shown', () => {
    const r = narmon(['migrate'], { DATABASE_URL: 'postgres://postgres:s3cret@127.0.0.1:1/narmon' });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^narmon: cannot reach PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/narmon: /);
    expect(r.stderr).not.toContain('s3cret');
  });

  it('an invalid fingerprint file: one line naming the file and the field, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'narmon-fp-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'id: Broken Id\ntitle: {eng: x}\nlanguages:\n  eng:\n    terms: [{t: nato, w: -1}]\n');
    const r = narmon(['match', '--narratives', file], {}, '{"id":1,"text":"x"}\n');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('id:');
    expect(r.stderr).toContain('languages.eng.terms.0.w');
  });
});
