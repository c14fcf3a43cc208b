// Publishing to a sharing group: maps our rows to STIX (shared/src/stix), mints/keeps their ids,
// and adds the objects to the group's collection with their TLP. Refuses what the group may not get.
import type { Tlp } from '@narmon/schemas';
import { NarmonError } from '../errors/index.js';
import type { Db } from '../db/index.js';
import { findSharingGroup, type SharingGroup } from '../db/repositories/sharing-groups.js';
import { addObjectsToCollection, stixIdFor, type AddResult, type CollectionEntry } from '../db/repositories/stix-objects.js';
import {
  disarmAttackPatternObject, disarmIdentityObject, mediaContentExtensionDefinition, mediaContentObservable,
  narmonProjectIdentity, narrativeExtensionDefinition, narrativeObject, observedDataObject, outletIdentityObject,
  relationshipObject, reportObject, reviewOpinionObject, sightingObject, tlpMarkingDefinition, urlObservable,
  type NarrativeDocument, type StixObject,
} from '../stix/index.js';
import { newStixId } from '../stix/ids.js';
import type { InstanceIdentity } from './instance-identity.js';
import { publishRefusal, tlpRank } from './tlp-visibility.js';

export class ExchangeError extends NarmonError {
  constructor(code: 'unknown-group' | 'unknown-narrative' | 'tlp-refused' | 'nothing-to-publish', message: string) {
    super(code, message);
  }
}

export interface PublishInput {
  groupId: string;
  narrativeId: string;
  /** Include the narrative's confirmed flags as sightings (default true). */
  includeConfirmedFlags?: boolean;
  /** Only the confirmed flags, not the narrative itself (its SDO still goes along as their target). */
  flagsOnly?: boolean;
  /** The one organisation an AMBER+STRICT package is for. */
  recipientOrganization?: string | null;
  publishedBy: string;
  identity: InstanceIdentity;
}

export interface PublishResult extends AddResult {
  groupId: string;
  collectionId: string;
  tlp: Tlp;
  reportId?: string;
  /** Objects per STIX type in this publish call (added or already there). */
  countsByType: Record<string, number>;
}

interface ConfirmedFlagRow {
  flag_id: number;
  item_id: number;
  title: string;
  link: string | null;
  guid: string | null;
  language: string;
  published_at: Date | null;
  first_seen_at: Date;
  feed_id: number;
  feed_url: string;
  feed_title: string | null;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  review_note: string | null;
  created_at: Date;
  terms: string[];
}

async function confirmedFlags(db: Db, narrativeId: string): Promise<ConfirmedFlagRow[]> {
  const rows = await db.selectFrom('flags as f')
    .innerJoin('items as i', 'i.id', 'f.item_id')
    .innerJoin('feeds as fd', 'fd.id', 'i.feed_id')
    .select([
      'f.id as flag_id', 'i.id as item_id', 'i.title', 'i.link', 'i.guid', 'i.language', 'i.published_at', 'i.first_seen_at',
      'fd.id as feed_id', 'fd.url as feed_url', 'fd.title as feed_title', 'f.created_at', 'f.explanation',
      'f.reviewed_at', 'f.reviewed_by', 'f.review_note',
    ])
    .where('f.narrative_id', '=', narrativeId).where('f.status', '=', 'confirmed')
    .orderBy('f.id').execute();
  return rows.map((r) => ({ ...r, terms: (r.explanation?.terms ?? []).map((t) => t.term) }));
}

/**
 * Where partners can read an item: its link, else its guid when that is an http(s) URL (RSS guids
 * are permalinks by default), else nowhere (the item is still counted and described by its title).
 */
export function publicUrlOf(item: { link: string | null; guid: string | null }): string | null {
  for (const candidate of [item.link, item.guid]) {
    if (!candidate) continue;
    try {
      const u = new URL(candidate.trim());
      if ((u.protocol === 'http:' || u.protocol === 'https:') && u.hostname) return candidate.trim();
    } catch { /* not a URL */ }
  }
  return null;
}

function maxDate(dates: Array<Date | null | undefined>): Date {
  return new Date(Math.max(...dates.filter((d): d is Date => !!d).map((d) => new Date(d).getTime())));
}
function minDate(dates: Array<Date | null | undefined>): Date {
  return new Date(Math.min(...dates.filter((d): d is Date => !!d).map((d) => new Date(d).getTime())));
}

/**
 * Publishes a narrative (and its confirmed flags as sightings) to a group's collection. The same
 * call again adds nothing; a new fingerprint version, a new confirmed flag or a changed review adds
 * new object versions. Each call that adds something also adds a `report` listing the package.
 */
export async function publishNarrativeToGroup(db: Db, input: PublishInput): Promise<PublishResult> {
  const group: SharingGroup | undefined = await findSharingGroup(db, input.groupId);
  if (!group) throw new ExchangeError('unknown-group', `no sharing group "${input.groupId}"`);
  const narrative = await db.selectFrom('narratives as n')
    .innerJoin('narrative_versions as v', (j) => j.onRef('v.narrative_id', '=', 'n.id').onRef('v.version', '=', 'n.current_version'))
    .select(['n.id', 'v.document', 'v.created_at as version_created_at'])
    .where('n.id', '=', input.narrativeId).executeTakeFirst();
  if (!narrative) throw new ExchangeError('unknown-narrative', `no narrative "${input.narrativeId}"`);
  const doc = narrative.document as unknown as NarrativeDocument & { tlp?: Tlp };
  const tlp: Tlp = doc.tlp ?? 'green';
  const refusal = publishRefusal(tlp, group.maxTlp, input.recipientOrganization);
  if (refusal) throw new ExchangeError('tlp-refused', `cannot publish narrative "${doc.id}" to ${group.id}: ${refusal}`);
  if (tlp === 'amber+strict') {
    // An AMBER+STRICT package nobody in the group may read is a mistake, not a publication.
    const member = group.members.find((m) => m.organization === input.recipientOrganization);
    if (!member) throw new ExchangeError('tlp-refused', `cannot publish narrative "${doc.id}" to ${group.id}: the recipient "${input.recipientOrganization}" is not a member of the group`);
    if (tlpRank(member.clearance) < tlpRank('amber+strict')) {
      throw new ExchangeError('tlp-refused', `cannot publish narrative "${doc.id}" to ${group.id}: "${member.organization}" is cleared only up to TLP:${member.clearance.toUpperCase()}`);
    }
  }
  const ownerOrg = tlp === 'amber+strict' ? input.recipientOrganization ?? null : null;
  const ctx = { createdByRef: input.identity.id, tlp };

  const entries: CollectionEntry[] = [];
  const emit = (object: StixObject, objectTlp: Tlp = tlp) => entries.push({ object, tlp: objectTlp, ownerOrg: objectTlp === 'amber+strict' ? ownerOrg : null, publishedBy: input.publishedBy });

  // What a reader needs to resolve refs: who we are, the TLP definition, our extension definitions.
  emit(input.identity.object, 'clear');
  emit(tlpMarkingDefinition(tlp), 'clear');
  emit(narmonProjectIdentity(), 'clear');
  emit(narrativeExtensionDefinition(), 'clear');

  const narrativeId = await stixIdFor(db, 'narrative', doc.id, 'narrative');
  emit(narrativeObject(doc, narrativeId, new Date(narrative.version_created_at), ctx));
  if (!input.flagsOnly) {
    const techniques = (doc.disarm ?? []).map((t) => disarmAttackPatternObject(t)).filter((o): o is StixObject => !!o);
    if (techniques.length) emit(disarmIdentityObject(), 'clear');
    for (const ap of techniques) {
      emit(ap, 'clear'); // DISARM is public (CC BY-SA); the link to our narrative carries the TLP
      const relId = await stixIdFor(db, 'narrative-uses', `${doc.id}|${ap.id}`, 'relationship');
      emit(relationshipObject('uses', narrativeId.id, ap.id, relId, relId.created, ctx));
    }
  }

  if (input.includeConfirmedFlags !== false || input.flagsOnly) {
    const flags = await confirmedFlags(db, doc.id);
    if (input.flagsOnly && flags.length === 0) throw new ExchangeError('nothing-to-publish', `narrative "${doc.id}" has no confirmed flags to publish`);
    if (flags.length) emit(mediaContentExtensionDefinition(), 'clear');
    const byFeed = new Map<number, ConfirmedFlagRow[]>();
    for (const f of flags) byFeed.set(f.feed_id, [...(byFeed.get(f.feed_id) ?? []), f]);
    for (const [feedId, feedFlags] of byFeed) {
      const first = feedFlags[0]!;
      const outletId = await stixIdFor(db, 'feed', String(feedId), 'identity');
      const outletName = first.feed_title ?? new URL(first.feed_url).hostname;
      emit(outletIdentityObject({ name: outletName, url: first.feed_url }, outletId, outletId.created, ctx));
      const observedRefs: string[] = [];
      let withoutUrl = 0;
      for (const f of feedFlags) {
        const link = publicUrlOf(f);
        const seen = f.published_at ?? f.first_seen_at;
        const refs: string[] = [];
        if (link) {
          const url = urlObservable(link, tlp);
          emit(url);
          refs.push(url.id);
        } else {
          withoutUrl += 1;
        }
        const media = mediaContentObservable({ url: link, title: f.title, publishedAt: f.published_at, language: f.language }, tlp,
          link ? undefined : await stixIdFor(db, 'item-media', String(f.item_id), 'media-content'));
        emit(media);
        refs.push(media.id);
        const odId = await stixIdFor(db, 'item', String(f.item_id), 'observed-data');
        emit(observedDataObject({ objectRefs: refs, firstObserved: seen, lastObserved: seen, numberObserved: 1 }, odId, odId.created, ctx));
        observedRefs.push(odId.id);
      }
      const seenDates = feedFlags.map((f) => f.published_at ?? f.first_seen_at);
      const reviewedAt = maxDate(feedFlags.map((f) => f.reviewed_at ?? f.created_at));
      const sightingId = await stixIdFor(db, 'sighting', `${doc.id}|${feedId}`, 'sighting');
      const sighting = sightingObject({
        sightingOfRef: narrativeId.id, count: feedFlags.length, firstSeen: minDate(seenDates), lastSeen: maxDate(seenDates),
        whereSightedRefs: [outletId.id], observedDataRefs: observedRefs,
      }, sightingId, reviewedAt, ctx);
      emit(sighting);
      const opinionId = await stixIdFor(db, 'review', `${doc.id}|${feedId}`, 'opinion');
      const terms = [...new Set(feedFlags.flatMap((f) => f.terms))].slice(0, 20);
      const notes = feedFlags.map((f) => f.review_note).filter((n): n is string => !!n);
      emit(reviewOpinionObject({
        opinion: 'agree',
        explanation: [`${feedFlags.length} item(s) confirmed by analysts as carrying this narrative.`,
          withoutUrl ? `${withoutUrl} of them without a public link (shared by title).` : '', terms.length ? `Matched: ${terms.join(', ')}.` : '', ...notes].filter(Boolean).join(' '),
        authors: [...new Set(feedFlags.map((f) => f.reviewed_by).filter((a): a is string => !!a))],
        objectRefs: [sighting.id],
      }, opinionId, reviewedAt, ctx));
    }
  }

  let result = await addObjectsToCollection(db, group.collectionId, entries);
  let reportId: string | undefined;
  if (result.added.length > 0) {
    const published = new Date();
    const refs = [...new Set(entries.map((e) => e.object.id))];
    const report = reportObject({
      name: `${String(doc.title?.eng ?? Object.values(doc.title ?? {})[0] ?? doc.id)}: shared with ${group.id}`,
      description: `narmon package for sharing group ${group.id}: the narrative${input.includeConfirmedFlags === false ? '' : ' and its confirmed sightings'}.`,
      published,
      objectRefs: refs,
    }, { id: newStixId('report'), created: published }, published, ctx);
    const added = await addObjectsToCollection(db, group.collectionId, [{ object: report, tlp, ownerOrg, publishedBy: input.publishedBy }]);
    result = { added: [...result.added, ...added.added], unchanged: result.unchanged };
    reportId = report.id;
    entries.push({ object: report, tlp, ownerOrg, publishedBy: input.publishedBy });
  }
  const countsByType: Record<string, number> = {};
  for (const id of new Set(entries.map((e) => e.object.id))) {
    const type = id.split('--')[0]!;
    countsByType[type] = (countsByType[type] ?? 0) + 1;
  }
  return { ...result, groupId: group.id, collectionId: group.collectionId, tlp, ...(reportId ? { reportId } : {}), countsByType };
}
