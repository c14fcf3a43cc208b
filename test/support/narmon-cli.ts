import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The real `narmon` binary, as users and outside checks run it. */
export const NARMON_BIN = fileURLToPath(new URL('../../scripts/bin/narmon.mjs', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `narmon <args>` in a child process with `stdin` fed in, inheriting this environment
 * (less jest's NODE_OPTIONS) with `env` on top, and resolves with its exit code and output.
 */
export function runNarmon(args: string[], options: { env?: Record<string, string>; stdin?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NARMON_BIN, ...args], { env: { ...process.env, NODE_OPTIONS: '', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
