import { spawn } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';

// `npm run demo` as a user runs it: the summary table, then an API that answers until Ctrl-C.
describe('narmon demo (the binary)', () => {
  it('prints flagged narratives per language and serves the API at the printed URL until SIGINT', async () => {
    const child = spawn(process.execPath, ['scripts/bin/narmon.mjs', 'demo', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 90_000;
      while (!/try: curl/.test(out)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`demo did not come up:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      for (const lang of ['eng', 'jpn', 'lav', 'rus', 'ukr']) expect(out).toMatch(new RegExp(`^${lang}\\s+\\S+\\s+\\d+`, 'm'));
      const url = /API: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
      const key = /analyst key for this run: (\S+)/.exec(out)![1]!;
      const res = await fetch(`${url}/v1/flags`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });
});
