import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { feedRepository, itemRepository, type Db } from '../../../src/db/index.js';
import {
  createLanguageDetector, decideFeedLanguageProfile, DEFAULT_LANGUAGES, getFeedLanguagePrior, listFeedsNeedingLanguageReview,
  refreshFeedLanguageProfile,
} from '../../../src/pipeline/language/index.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/db.js';

const UKRAINIAN_LONG = [
  'Уряд ухвалив проєкт державного бюджету на наступний рік, який передбачає збільшення видатків на оборону, освіту та охорону здоров\'я.',
  'У Києві відкрили новий міст через Дніпро, який має суттєво зменшити затори в години пік та скоротити час дороги до центру міста.',
  'Верховна Рада розглянула законопроєкт про реформу місцевого самоврядування, але остаточне рішення відклали до наступного засідання.',
  'Синоптики попереджають про сильні дощі та пориви вітру в західних областях країни протягом найближчих вихідних, радять бути обережними.',
  'Національний банк залишив облікову ставку без змін, пояснивши це потребою стримувати інфляцію та підтримувати стабільність гривні.',
];
const LATVIAN_LONG = [
  'Saeima otrdien apstiprināja nākamā gada valsts budžetu, kurā paredzēts palielināt finansējumu aizsardzībai, izglītībai un veselības aprūpei.',
  'Rīgā atklāta jauna tramvaja līnija, kas savienos Pārdaugavu ar pilsētas centru un būtiski saīsinās ceļā pavadīto laiku daudziem iedzīvotājiem.',
  'Sinoptiķi brīdina par spēcīgu lietu un vēja brāzmām Kurzemē nedēļas nogalē, tāpēc autovadītājiem ieteikts būt īpaši uzmanīgiem uz ceļiem.',
  'Latvijas Banka ziņo, ka inflācija pēdējos mēnešos ir samazinājusies, tomēr pārtikas un enerģijas cenas joprojām saglabājas augstā līmenī.',
  'Pašvaldība paziņoja, ka vasarā sāksies centrālā laukuma pārbūve, darbi ilgs līdz rudenim, un satiksme šajā posmā būs daļēji ierobežota.',
];

const detector = createLanguageDetector({ languages: DEFAULT_LANGUAGES, detector: 'eld' });

describe('feed language profile (pure rules)', () => {
  it('learned language that agrees with the declaration becomes the prior', () => {
    expect(decideFeedLanguageProfile({ lav: 9, lit: 1 }, 'lv-LV')).toMatchObject({ learnedLanguage: 'lav', priorLanguage: 'lav', needsReview: false, longItems: 10 });
  });

  it('a disagreement marks the feed for review and gives no prior', () => {
    expect(decideFeedLanguageProfile({ rus: 12 }, 'uk')).toMatchObject({ learnedLanguage: 'rus', priorLanguage: null, needsReview: true });
  });

  it('a feed that declares nothing gets its learned language as prior', () => {
    expect(decideFeedLanguageProfile({ est: 6 }, null)).toMatchObject({ learnedLanguage: 'est', priorLanguage: 'est', needsReview: false });
  });

  it('too few long items, or a mixed feed, teach nothing', () => {
    expect(decideFeedLanguageProfile({ lav: 4 }, 'lv')).toMatchObject({ learnedLanguage: null, priorLanguage: null, needsReview: false });
    expect(decideFeedLanguageProfile({ rus: 6, ukr: 4 }, 'ru')).toMatchObject({ learnedLanguage: null, priorLanguage: null, needsReview: false });
    expect(decideFeedLanguageProfile({ lav: 5, und: 20 }, 'lv')).toMatchObject({ learnedLanguage: 'lav', longItems: 5 });
  });
});

describe('feed language profile (stored)', () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(); });
  afterAll(async () => { await t.drop(); });

  async function feedWithItems(db: Db, url: string, language: string | null, texts: string[]): Promise<number> {
    const feed = await feedRepository.upsertFeed(db, { url, language: language ?? undefined, tags: [] });
    for (const [i, text] of texts.entries()) {
      const r = detector.detect(text);
      await itemRepository.upsertItem(db, {
        feedId: feed.id, identityKey: `guid:${i}`, guid: String(i), link: null, title: '', text, html: null,
        published: null, dateInferred: true, language: r.language, languageConfidence: r.confidence, runnersUp: [],
      });
    }
    return feed.id;
  }

  it("learns a Ukrainian feed from its long items, and that prior decides a headline shared with Russian", async () => {
    const feedId = await feedWithItems(t.db, 'https://news.example.test/ua.xml', 'uk', [...UKRAINIAN_LONG, 'Президент', 'Новини']);
    expect(await getFeedLanguagePrior(t.db, feedId)).toBeNull();
    const profile = await refreshFeedLanguageProfile(t.db, feedId);
    expect(profile).toMatchObject({ counts: { ukr: 5 }, longItems: 5, learnedLanguage: 'ukr', priorLanguage: 'ukr', needsReview: false });
    // Refreshing again over the same stored items changes nothing.
    expect(await refreshFeedLanguageProfile(t.db, feedId)).toEqual(profile);
    const feedPrior = await getFeedLanguagePrior(t.db, feedId);
    expect(feedPrior).toBe('ukr');
    expect(detector.detect('Президент', { declared: 'uk' }).language).toBe('rus');
    expect(detector.detect('Президент', { declared: 'uk', feedPrior }).language).toBe('ukr');
  });

  it('marks a feed whose items contradict its declaration for review', async () => {
    const feedId = await feedWithItems(t.db, 'https://news.example.test/lv.xml', 'en', LATVIAN_LONG);
    const profile = await refreshFeedLanguageProfile(t.db, feedId);
    expect(profile).toMatchObject({ learnedLanguage: 'lav', declaredLanguage: 'en', priorLanguage: null, needsReview: true });
    expect(await getFeedLanguagePrior(t.db, feedId)).toBeNull();
    const review = await listFeedsNeedingLanguageReview(t.db);
    expect(review.map((r) => [r.feed_id, r.learned_language, r.declared_language])).toEqual([[feedId, 'lav', 'en']]);
  });
});
