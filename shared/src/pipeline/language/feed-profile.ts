/**
 * A feed's language profile, learned from its own long items (over 120 characters, where
 * detection is reliable) and compared with what the feed declares. When the two agree, or the
 * feed declares nothing, the learned language becomes the prior for the feed's short items
 * (headlines); when they disagree, the feed is marked for review and neither is trusted as a prior.
 */
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../../db/index.js';
import { toCanonicalLanguage } from './codes.js';
import { SHORT_TEXT_CHARS } from './priors.js';

/** Fewer long items than this say too little to learn from. */
export const MIN_LONG_ITEMS = 5;
/** The learned language must cover at least this share of the long items (else the feed is mixed). */
export const MIN_LEARNED_SHARE = 0.8;
/** The profile follows the feed's most recent items, so a feed that changes language is noticed. */
export const PROFILE_WINDOW_ITEMS = 500;

export interface FeedLanguageProfile {
  /** Detected language -> number of long items, in the recent window. */
  counts: Record<string, number>;
  longItems: number;
  /** The language of at least MIN_LEARNED_SHARE of the long items, once there are MIN_LONG_ITEMS. */
  learnedLanguage: string | null;
  /** What the feed (or its operator) declares, raw as written. */
  declaredLanguage: string | null;
  /** What detection should use as `feedPrior` for this feed's items. */
  priorLanguage: string | null;
  /** The learned language contradicts the declaration. */
  needsReview: boolean;
}

/** Decides the learned language, the prior and the review mark from counts and the declaration. Pure. */
export function decideFeedLanguageProfile(counts: Record<string, number>, declaredLanguage: string | null): FeedLanguageProfile {
  const known = Object.entries(counts).filter(([language]) => language !== 'und');
  const longItems = known.reduce((sum, [, n]) => sum + n, 0);
  const [top] = known.sort((a, b) => b[1] - a[1]);
  const learnedLanguage = top && longItems >= MIN_LONG_ITEMS && top[1] / longItems >= MIN_LEARNED_SHARE ? top[0] : null;
  const declared = toCanonicalLanguage(declaredLanguage);
  const needsReview = learnedLanguage !== null && declared !== null && learnedLanguage !== declared;
  return {
    counts: Object.fromEntries(known),
    longItems,
    learnedLanguage,
    declaredLanguage,
    priorLanguage: needsReview ? null : learnedLanguage,
    needsReview,
  };
}

/** Row shape of `feed_language_profiles` (migration 0150). */
export interface FeedLanguageProfilesTable {
  feed_id: number;
  counts: Record<string, number>;
  long_items: number;
  learned_language: string | null;
  declared_language: string | null;
  prior_language: string | null;
  needs_review: boolean;
  updated_at: Date;
}

function withProfiles(db: Db) {
  return db.withTables<{ feed_language_profiles: FeedLanguageProfilesTable }>();
}

/**
 * Recounts the feed's recent long items (as stored, so re-ingesting the same items changes
 * nothing), decides the profile against the declaration (the operator's `feeds.language`, else
 * the feed's own `<language>`), stores and returns it. Call it after the items are persisted.
 */
export async function refreshFeedLanguageProfile(db: Db, feedId: number): Promise<FeedLanguageProfile> {
  const feed = await db.selectFrom('feeds').select(['language', 'declared_language']).where('id', '=', feedId).executeTakeFirst();
  const recentLong = db.selectFrom('items').select('language').where('feed_id', '=', feedId)
    .where(sql<number>`char_length(title) + 1 + char_length(text)`, '>', SHORT_TEXT_CHARS)
    .orderBy('first_seen_at', 'desc').orderBy('id', 'desc').limit(PROFILE_WINDOW_ITEMS);
  const rows = await db.selectFrom(recentLong.as('recent')).select(['recent.language', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('recent.language').execute();
  const counts = Object.fromEntries(rows.map((r) => [r.language, Number(r.n)]));
  const profile = decideFeedLanguageProfile(counts, feed?.language ?? feed?.declared_language ?? null);
  const row: Insertable<FeedLanguageProfilesTable> = {
    feed_id: feedId,
    counts: profile.counts,
    long_items: profile.longItems,
    learned_language: profile.learnedLanguage,
    declared_language: profile.declaredLanguage,
    prior_language: profile.priorLanguage,
    needs_review: profile.needsReview,
    updated_at: new Date(),
  };
  await withProfiles(db).insertInto('feed_language_profiles').values(row)
    .onConflict((oc) => oc.column('feed_id').doUpdateSet((eb) => ({
      counts: eb.ref('excluded.counts'),
      long_items: eb.ref('excluded.long_items'),
      learned_language: eb.ref('excluded.learned_language'),
      declared_language: eb.ref('excluded.declared_language'),
      prior_language: eb.ref('excluded.prior_language'),
      needs_review: eb.ref('excluded.needs_review'),
      updated_at: eb.ref('excluded.updated_at'),
    })))
    .execute();
  return profile;
}

/** The stored prior for a feed's items (`feedPrior` for detection); null when there is none yet. */
export async function getFeedLanguagePrior(db: Db, feedId: number): Promise<string | null> {
  const row = await withProfiles(db).selectFrom('feed_language_profiles').select('prior_language').where('feed_id', '=', feedId).executeTakeFirst();
  return row?.prior_language ?? null;
}

/** Feeds whose learned language contradicts their declaration, for an analyst to look at. */
export async function listFeedsNeedingLanguageReview(db: Db): Promise<Array<Selectable<FeedLanguageProfilesTable>>> {
  return withProfiles(db).selectFrom('feed_language_profiles').selectAll().where('needs_review', '=', true).orderBy('feed_id').execute();
}
