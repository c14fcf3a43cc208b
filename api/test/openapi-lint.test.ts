import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApiHarness, type ApiHarness } from './support/harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const redocly = join(here, '../../node_modules/@redocly/cli/bin/cli.js');

let h: ApiHarness;
let dir: string;
beforeAll(async () => {
  h = await startApiHarness();
  dir = await mkdtemp(join(tmpdir(), 'narmon-openapi-'));
});
afterAll(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs redocly with telemetry and update checks off; as root, in a network namespace of its own, so it cannot reach anything. */
function runRedocly(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const isolate = process.getuid?.() === 0 && existsSync('/usr/bin/unshare');
  const [cmd, argv] = isolate ? ['/usr/bin/unshare', ['-n', process.execPath, redocly, ...args]] : [process.execPath, [redocly, ...args]];
  return new Promise((resolve) => {
    execFile(cmd, argv, { cwd: dir, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' }, timeout: 120_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

describe('the served OpenAPI document', () => {
  it('passes redocly lint (recommended rules) with no error and no warning', async () => {
    await writeFile(join(dir, 'openapi.json'), JSON.stringify(h.validator.document));
    const { code, stdout, stderr } = await runRedocly(['lint', 'openapi.json', '--config', join(here, 'redocly.yaml'), '--format=json']);
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { totals: { errors: number; warnings: number }; problems: Array<{ ruleId: string; message: string; location: Array<{ pointer: string }> }> };
    const problems = report.problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect({ code, problems }).toEqual({ code: 0, problems: [] });
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    void stderr;
  });
});
