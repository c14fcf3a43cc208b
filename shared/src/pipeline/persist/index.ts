import type { Db } from '../../db/index.js';
import { flagRepository, itemRepository } from '../../db/index.js';
import { itemIdentityKey } from '../parse/identity.js';
import type { AnalyzedItem } from '../types.js';

export interface PersistResult {
  itemsSeen: number;
  itemsInserted: number;
  flagsInserted: number;
}

/**
 * Writes analysed items and their flags. Every write is an upsert on the natural key, so
 * persisting the same feed twice adds nothing; each item and its flags commit together.
 */
export async function persistAnalyzedItems(db: Db, feedId: number, items: AnalyzedItem[]): Promise<PersistResult> {
  let itemsInserted = 0;
  let flagsInserted = 0;
  for (const item of items) {
    await db.transaction().execute(async (trx) => {
      const flagged = item.matches.filter((m) => m.flagged);
      const runnersUp = item.matches.filter((m) => !m.flagged).slice(0, 5)
        .map((m) => ({ narrative: m.narrative, version: m.version, score: m.score, coverage: m.coverage, language: m.language }));
      const { id, inserted } = await itemRepository.upsertItem(trx, {
        feedId,
        identityKey: itemIdentityKey(item),
        guid: item.guid,
        link: item.link,
        title: item.title,
        text: item.text,
        html: item.html,
        published: item.published,
        dateInferred: item.dateInferred,
        language: item.language,
        languageConfidence: item.languageConfidence,
        runnersUp,
      });
      if (inserted) itemsInserted++;
      flagsInserted += await flagRepository.upsertFlags(trx, flagged.map((m) => ({
        itemId: id,
        narrativeId: m.narrative,
        narrativeVersion: m.version,
        score: m.score,
        explanation: { language: m.language, coverage: m.coverage, terms: m.terms },
      })));
    });
  }
  return { itemsSeen: items.length, itemsInserted, flagsInserted };
}
