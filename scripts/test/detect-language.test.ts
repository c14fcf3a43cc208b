import { describe, expect, it } from '@jest/globals';
import { runNarmon } from '../../test/support/narmon-cli.js';


/** Runs the real binary with `input` on stdin; LANGUAGE_DETECTOR etc. come from `env`. */
function detectLanguage(input: string, env: Record<string, string> = {}) {
  return runNarmon(['detect-language'], { env: { LANGUAGE_DETECTOR: '', LANGUAGES: '', ...env }, stdin: input });
}

const lines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('narmon detect-language', () => {
  it('answers one line per input line, in order, with ISO 639-3 codes and a confidence', async () => {
    const input = jsonl([
      { id: 'a', text: 'Saeima pieņem jauno valsts budžetu' },
      { id: 2, text: 'Riigikogu võttis vastu uue riigieelarve' },
      { id: 'c', text: 'Уряд ухвалив новий бюджет на наступний рік' },
      { id: 'd', text: '政府が来年度の予算案を閣議決定した' },
      { id: 'e', text: '2024-12-31' },
      { id: 'f', text: 'Seimas priėmė naująjį valstybės biudžetą' },
    ]);
    const r = await detectLanguage(input);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out.map((o) => [o.id, o.language])).toEqual([['a', 'lav'], [2, 'est'], ['c', 'ukr'], ['d', 'jpn'], ['e', 'und'], ['f', 'lit']]);
    for (const o of out) {
      expect(Object.keys(o).sort()).toEqual(['confidence', 'id', 'language']);
      expect(o.confidence).toBeGreaterThanOrEqual(0);
      expect(o.confidence).toBeLessThanOrEqual(1);
    }
    expect(out[0]!.confidence).toBeGreaterThan(0.9);
    expect(out[4]!.confidence).toBe(0);
  });

  it('uses "declared" only to settle what the text cannot', async () => {
    const input = jsonl([
      { id: 1, text: 'Да' },
      { id: 2, text: 'Да', declared: 'ru-RU' },
      { id: 3, text: 'Правительство утвердило новый бюджет на следующий год', declared: 'uk' },
      { id: 4, text: '東京都知事選挙', declared: 'ja' },
    ]);
    const out = lines((await detectLanguage(input, { LANGUAGE_DETECTOR: 'franc' })).stdout);
    expect(out.map((o) => [o.id, o.language])).toEqual([[1, 'und'], [2, 'rus'], [3, 'rus'], [4, 'jpn']]);
  });

  it('both detectors are selectable by LANGUAGE_DETECTOR and agree on clear text', async () => {
    const input = jsonl([{ id: 1, text: 'Die Regierung beschließt den neuen Haushalt für das kommende Jahr' }, { id: 2, text: '서울에 새 지하철 노선 개통' }]);
    for (const detector of ['eld', 'franc']) {
      const out = lines((await detectLanguage(input, { LANGUAGE_DETECTOR: detector })).stdout);
      expect(out.map((o) => o.language)).toEqual(['deu', 'kor']);
    }
  });

  it('bad lines are reported and the rest carries on', async () => {
    const input = 'not json\n' + jsonl([{ id: 1 }, { id: 2, text: 'New metro line opens in London tonight', declared: 7 }, { id: 3, text: 'Rząd przyjął nowy budżet' }]);
    const r = await detectLanguage(input);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/line 1: /);
    expect(lines(r.stdout)).toEqual([
      { id: 1, language: 'und', confidence: 0, error: 'missing "text" (a string)' },
      { id: 2, language: 'eng', confidence: expect.any(Number), error: 'ignored "declared": not a language tag string' },
      { id: 3, language: 'pol', confidence: expect.any(Number) },
    ]);
  });

  it('a configured language it cannot handle is a one-line error', async () => {
    const r = await detectLanguage(jsonl([{ id: 1, text: 'x' }]), { LANGUAGES: 'lav,xyz' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('narmon: language detection (eld) does not support: xyz');
  });
});
