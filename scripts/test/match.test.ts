import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runNarmon } from '../../test/support/narmon-cli.js';

const FIXTURES = fileURLToPath(new URL('../../shared/test/fixtures/narratives/', import.meta.url));

const narmon = (args: string[], stdin: string) => runNarmon(args, { stdin });

interface Out {
  id: string;
  language: string;
  matches: Array<{ narrative: string; version: number; score: number; flagged: boolean; terms: Array<{ term: string; kind: string; weight: number; offsets: Array<[number, number]> }> }>;
  runnersUp: Array<{ narrative: string; excludedBy?: string[] }>;
}

describe('narmon match', () => {
  it('flags items in five languages and prints the explanation with offsets into title + "\\n" + text', async () => {
    const input = readFileSync(`${FIXTURES}items.jsonl`, 'utf8');
    const r = await narmon(['match', '--narratives', FIXTURES], input);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Out);
    const byId = new Map(rows.map((x) => [x.id, x]));
    expect(rows.map((x) => x.id)).toEqual(input.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id));
    expect(byId.get('en-biolabs')!.matches[0]).toMatchObject({ narrative: 'us-biolabs-ukraine', version: 1, flagged: true });
    expect(byId.get('ru-biolabs')!.matches[0]!.narrative).toBe('us-biolabs-ukraine');
    expect(byId.get('uk-nazi')!.matches[0]).toMatchObject({ narrative: 'nazi-regime-kyiv', version: 2 });
    expect(byId.get('lv-language')!.matches[0]!.narrative).toBe('latvia-language-discrimination');
    expect(byId.get('ja-biolabs')!.matches[0]!.narrative).toBe('us-biolabs-ukraine');
    expect(byId.get('en-weather')!.matches).toEqual([]);
    expect(byId.get('en-debunk')!.matches).toEqual([]);
    expect(byId.get('en-debunk')!.runnersUp[0]).toMatchObject({ narrative: 'us-biolabs-ukraine', excludedBy: ['debunked', 'fact-check'] });

    const item = JSON.parse(input.split('\n')[0]!) as { title: string; text: string };
    const analysed = `${item.title}\n${item.text}`;
    const phrase = byId.get('en-biolabs')!.matches[0]!.terms.find((t) => t.term === 'biological weapons')!;
    expect(phrase.kind).toBe('phrase');
    expect(phrase.offsets.map(([s, e]) => analysed.slice(s, e))).toEqual(['biological weapons']);
  });

  it('exits 2 naming the file and field when a fingerprint is invalid', async () => {
    const r = await narmon(['match', '--narratives', `${FIXTURES}invalid/invalid-weight.yaml`], '{"text":"x"}\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid-weight\.yaml.*languages\.eng\.terms\.0\.w/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
