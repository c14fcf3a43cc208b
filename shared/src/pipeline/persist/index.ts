import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import { flagRepository, itemRepository } from '../../db/index.js';
import { canonicalUrl, contentHash, itemIdentityKey } from '../parse/identity.js';
import type { AnalyzedItem } from '../types.js';

export interface PersistResult {
  itemsSeen: number;
  itemsInserted: number;
  flagsInserted: number;
  /** Items another feed already had (same canonical URL or content): linked, not stored again. Present when > 0. */
  itemsLinked?: number;
}

/**
 * Writes analysed items and their flags. An item is the same item when its feed + identity
 * (guid, else canonical URL, else content hash) was seen before; the same story from another
 * feed (same canonical URL, or same content without URL) becomes a sighting of the existing
 * item. Every write is an upsert, so persisting the same feed twice adds nothing.
 */
export async function persistAnalyzedItems(db: Db, feedId: number, items: AnalyzedItem[]): Promise<PersistResult> {
  let itemsInserted = 0;
  let flagsInserted = 0;
  let itemsLinked = 0;
  for (const item of items) {
    await db.transaction().execute(async (trx) => {
      const identityKey = itemIdentityKey(item);
      const storyUrl = item.canonicalUrl ?? canonicalUrl(item.link);
      const hash = contentHash(item);
      // Two feeds bringing the same story at the same moment must not both insert it.
      await sql`select pg_advisory_xact_lock(hashtext(${storyUrl ?? `hash:${hash}`}))`.execute(trx);
      const seen = await itemRepository.findSighting(trx, feedId, identityKey);
      if (!seen) {
        const story = await itemRepository.findStory(trx, { canonicalUrl: storyUrl, contentHash: hash });
        if (story && story.feed_id !== feedId) {
          await itemRepository.upsertSighting(trx, feedId, identityKey, story.id);
          itemsLinked++;
          return;
        }
      } else {
        const owner = await trx.selectFrom('items').select('feed_id').where('id', '=', seen.item_id).executeTakeFirst();
        if (owner && owner.feed_id !== feedId) {
          await itemRepository.upsertSighting(trx, feedId, identityKey, seen.item_id);
          return;
        }
      }
      const flagged = item.matches.filter((m) => m.flagged);
      const runnersUp = item.matches.filter((m) => !m.flagged).slice(0, 5)
        .map((m) => ({ narrative: m.narrative, version: m.version, score: m.score, coverage: m.coverage, language: m.language }));
      const { id, inserted } = await itemRepository.upsertItem(trx, {
        feedId,
        identityKey,
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
        canonicalUrl: storyUrl,
        contentHash: hash,
      });
      await itemRepository.upsertSighting(trx, feedId, identityKey, id);
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
  return { itemsSeen: items.length, itemsInserted, flagsInserted, ...(itemsLinked ? { itemsLinked } : {}) };
}
