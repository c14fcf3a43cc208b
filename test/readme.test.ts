import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { envSchema } from '@narmon/schemas';

const readme = readFileSync('README.md', 'utf8');

describe('README', () => {
  it('documents every environment variable narmon reads', () => {
    const missing = Object.keys(envSchema.shape).filter((k) => !readme.includes(`| \`${k}\` |`));
    expect(missing).toEqual([]);
  });

  it('keeps the two set-up commands', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm ci && npm test');
  });
});
