import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '@narmon/shared';
import { runDemo, type Demo } from '../../scripts/src/demo/run-demo.js';
import { flaggedNarrativesByLanguage } from '../../scripts/src/demo/print-summary.js';

// The embedded default as a newcomer runs it: PGlite, bundled feeds and fingerprints, the API.
let demo: Demo;
beforeAll(async () => { demo = await runDemo({ log: createLogger('silent'), port: 0 }); });
afterAll(async () => { await demo?.close(); });

describe('npm run demo', () => {
  it('ingests every sample feed', () => {
    expect(demo.outcomes.map((o) => o.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
  });

  it('flags at least one narrative in each of ru, lv, uk, en and ja', async () => {
    const rows = await flaggedNarrativesByLanguage(demo.db);
    const languages = new Set(rows.map((r) => r.language));
    for (const l of ['rus', 'lav', 'ukr', 'eng', 'jpn']) expect(languages).toContain(l);
  });

  it('leaves clean news unflagged', async () => {
    const clean = await demo.db.selectFrom('items').leftJoin('flags', 'flags.item_id', 'items.id')
      .select('items.title').where('flags.id', 'is', null).orderBy('items.title').execute();
    expect(clean.map((c) => c.title)).toEqual([
      'Central bank holds interest rates steady',
      'Rīgas domē apstiprināts jaunais budžets',
      'В Москве открылась выставка современной архитектуры',
      'У Львові відкрили новий міст через річку Полтву',
      '東京で紅葉が見頃に',
    ]);
  });

  it('answers GET /v1/flags at the printed URL with the printed key, and refuses without it', async () => {
    const res = await fetch(`${demo.apiUrl}/v1/flags`, { headers: { authorization: `Bearer ${demo.apiKey}` } });
    expect(res.status).toBe(200);
    const body = await res.json() as { data: Array<{ narrative: string; item: { language: string } }> };
    expect(body.data.length).toBeGreaterThanOrEqual(5);
    const anonymous = await fetch(`${demo.apiUrl}/v1/flags`);
    expect(anonymous.status).toBe(401);
  });
});
