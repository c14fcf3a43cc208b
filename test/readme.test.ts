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

describe('README fingerprint example', () => {
  it('is a valid fingerprint', async () => {
    const { parseFingerprintText } = await import('@narmon/shared/narratives');
    const block = /## Narrative fingerprints[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const [fp] = parseFingerprintText(block!, 'README.md');
    expect(fp!.id).toBe('sanctions-backfire');
    expect(Object.keys(fp!.languages)).toEqual(['eng', 'rus']);
  });
});
