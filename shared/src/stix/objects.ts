// Pure mapping from narmon's rows to STIX 2.1 objects: one function per object type. Ids come in
// already minted and stored (SDOs/SROs: UUIDv4) or are derived here (SCOs: UUIDv5), never invented
// per call, so a republish yields the same object or a new version of it.
import { disarmTechnique } from '../disarm/index.js';
import { DISARM_ATTACK_PATTERN_TIMESTAMPS } from './disarm-attack-pattern-timestamps.js';
import { MEDIA_CONTENT_EXTENSION_ID, NARRATIVE_EXTENSION_ID } from './extension-definitions.js';
import { observableId, stixTimestamp } from './ids.js';
import { TLP_MARKING_IDS } from './tlp-markings.js';
import type { EmitContext, StixObject, StoredStixId } from './types.js';

/** DISARM Foundation's identity in the DISARM STIX bundle: creator of the attack-patterns we reference. */
export const DISARM_IDENTITY_ID = 'identity--f1a0f560-2d9e-4c5d-bf47-7e96e805de82';

function common(type: string, stored: StoredStixId, modified: Date, ctx: EmitContext): StixObject {
  const created = stixTimestamp(stored.created);
  // modified never precedes created, even when a clock or a migrated row says otherwise.
  const mod = modified.getTime() < stored.created.getTime() ? created : stixTimestamp(modified);
  return {
    type,
    spec_version: '2.1',
    id: stored.id,
    created_by_ref: ctx.createdByRef,
    created,
    modified: mod,
    object_marking_refs: [TLP_MARKING_IDS[ctx.tlp]],
  };
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

function withoutUndefined(o: StixObject): StixObject {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as StixObject;
}

/** The instance's own identity (Riga's, Tokyo's): `created_by_ref` of everything it emits. */
export function instanceIdentityObject(stored: StoredStixId, name: string): StixObject {
  const created = stixTimestamp(stored.created);
  return { type: 'identity', spec_version: '2.1', id: stored.id, created, modified: created, name, identity_class: 'organization' };
}

/** The part of a fingerprint document that a partner may see (never its terms: those are the detector). */
export interface NarrativeDocument {
  id: string;
  title: Record<string, string>;
  summary?: Record<string, string>;
  tags?: string[];
  refs?: string[];
  disarm?: string[];
}

function preferred(texts: Record<string, string> | undefined): string | undefined {
  if (!texts) return undefined;
  return texts.eng ?? Object.values(texts)[0];
}

/** narrative -> custom `narrative` SDO declared by our extension-definition. */
export function narrativeObject(doc: NarrativeDocument, stored: StoredStixId, modified: Date, ctx: EmitContext): StixObject {
  const name = preferred(doc.title) ?? doc.id;
  const aliases = [...new Set(Object.values(doc.title))].filter((t) => t !== name);
  return withoutUndefined({
    ...common('narrative', stored, modified, ctx),
    name,
    description: preferred(doc.summary),
    aliases: nonEmpty(aliases),
    labels: nonEmpty(doc.tags ?? []),
    external_references: [
      { source_name: 'narmon', external_id: doc.id },
      ...(doc.refs ?? []).map((url) => ({ source_name: 'reference', url })),
    ],
    extensions: { [NARRATIVE_EXTENSION_ID]: { extension_type: 'new-sdo' } },
  });
}

/** DISARM Foundation's identity object, as in the DISARM bundle. */
export function disarmIdentityObject(): StixObject {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: DISARM_IDENTITY_ID,
    created: '2024-11-22T16:43:58.073632Z',
    modified: '2024-11-22T16:43:58.073632Z',
    name: 'DISARM Foundation',
    description: 'DISARM is a framework designed for describing and understanding disinformation incidents.',
    identity_class: 'organization',
  };
}

/**
 * A DISARM technique as DISARM's own attack-pattern (its id, creator and timestamps), so partners'
 * DISARM imports and ours are the same object. Matched by T-id: DISARM's references say "mitre-attack".
 */
export function disarmAttackPatternObject(techniqueId: string): StixObject | undefined {
  const t = disarmTechnique(techniqueId);
  if (!t) return undefined;
  const ts = DISARM_ATTACK_PATTERN_TIMESTAMPS[t.stixId];
  return {
    type: 'attack-pattern',
    spec_version: '2.1',
    id: t.stixId,
    created_by_ref: DISARM_IDENTITY_ID,
    created: ts?.created ?? '2024-11-22T16:43:58.000Z',
    modified: ts?.modified ?? '2024-11-22T16:43:58.000Z',
    name: t.name,
    external_references: [{
      source_name: 'mitre-attack',
      external_id: t.id,
      url: `https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/techniques/${t.id}.md`,
    }],
  };
}

/** `source uses target` (narrative uses DISARM technique). */
export function relationshipObject(relationshipType: string, sourceRef: string, targetRef: string, stored: StoredStixId, modified: Date, ctx: EmitContext): StixObject {
  return { ...common('relationship', stored, modified, ctx), relationship_type: relationshipType, source_ref: sourceRef, target_ref: targetRef };
}

/** A flagged item's link -> `url` SCO with the deterministic UUIDv5 id (STIX namespace, {"value"}). */
export function urlObservable(url: string, tlp: EmitContext['tlp']): StixObject {
  return { type: 'url', spec_version: '2.1', id: observableId('url', { value: url }), value: url, object_marking_refs: [TLP_MARKING_IDS[tlp]] };
}

export interface MediaContentInput {
  /** The article's public address; absent for items whose feed gave no link (nor a URL guid). */
  url: string | null;
  title: string;
  publishedAt: Date | null;
  /** ISO 639-3, as narmon detected it. */
  language: string;
}

/**
 * A flagged item -> `media-content` SCO. Its id derives from its url (the id-contributing property);
 * an item without one gets an id minted once and stored (`stored`), as STIX 2.1 (2.9) allows when no
 * id-contributing property is present, so a partner still learns the title, date and language.
 */
export function mediaContentObservable(item: MediaContentInput, tlp: EmitContext['tlp'], stored?: StoredStixId): StixObject {
  if (!item.url && !stored) throw new Error('a media-content object without a url needs a stored id');
  return withoutUndefined({
    type: 'media-content',
    spec_version: '2.1',
    id: item.url ? observableId('media-content', { url: item.url }) : stored!.id,
    title: item.title,
    url: item.url ?? undefined,
    media_category: 'article',
    publication_date: item.publishedAt ? stixTimestamp(item.publishedAt) : undefined,
    language: item.language,
    object_marking_refs: [TLP_MARKING_IDS[tlp]],
    extensions: { [MEDIA_CONTENT_EXTENSION_ID]: { extension_type: 'new-sco' } },
  });
}

export interface ObservedDataInput {
  objectRefs: string[];
  firstObserved: Date;
  lastObserved: Date;
  numberObserved: number;
}

/** Groups a flagged item's url + media-content. */
export function observedDataObject(input: ObservedDataInput, stored: StoredStixId, modified: Date, ctx: EmitContext): StixObject {
  return {
    ...common('observed-data', stored, modified, ctx),
    first_observed: stixTimestamp(input.firstObserved),
    last_observed: stixTimestamp(input.lastObserved < input.firstObserved ? input.firstObserved : input.lastObserved),
    number_observed: Math.max(1, input.numberObserved),
    object_refs: input.objectRefs,
  };
}

/** An outlet (a feed) -> `identity` of class organization. */
export function outletIdentityObject(outlet: { name: string; url: string }, stored: StoredStixId, modified: Date, ctx: EmitContext): StixObject {
  return {
    ...common('identity', stored, modified, ctx),
    name: outlet.name,
    identity_class: 'organization',
    sectors: ['communications'],
    external_references: [{ source_name: 'feed', url: outlet.url }],
  };
}

export interface SightingInput {
  sightingOfRef: string;
  count: number;
  firstSeen: Date;
  lastSeen: Date;
  whereSightedRefs: string[];
  observedDataRefs: string[];
}

/** The narrative seen `count` times at the outlets in `where_sighted_refs`. */
export function sightingObject(input: SightingInput, stored: StoredStixId, modified: Date, ctx: EmitContext): StixObject {
  return withoutUndefined({
    ...common('sighting', stored, modified, ctx),
    sighting_of_ref: input.sightingOfRef,
    count: Math.min(Math.max(0, input.count), 999_999_999),
    first_seen: stixTimestamp(input.firstSeen),
    last_seen: stixTimestamp(input.lastSeen < input.firstSeen ? input.firstSeen : input.lastSeen),
    where_sighted_refs: nonEmpty(input.whereSightedRefs),
    observed_data_refs: nonEmpty(input.observedDataRefs),
  });
}

export type OpinionValue = 'strongly-disagree' | 'disagree' | 'neutral' | 'agree' | 'strongly-agree';

/** An analyst's review (confirmed or dismissed flags) -> `opinion` on the objects reviewed. */
export function reviewOpinionObject(input: { opinion: OpinionValue; explanation?: string; authors?: string[]; objectRefs: string[] }, stored: StoredStixId, modified: Date, ctx: EmitContext): StixObject {
  return withoutUndefined({
    ...common('opinion', stored, modified, ctx),
    opinion: input.opinion,
    explanation: input.explanation,
    authors: nonEmpty(input.authors ?? []),
    object_refs: input.objectRefs,
  });
}

/** An analyst's free-text review -> `note`. */
export function noteObject(input: { abstract?: string; content: string; authors?: string[]; objectRefs: string[] }, stored: StoredStixId, modified: Date, ctx: EmitContext): StixObject {
  return withoutUndefined({
    ...common('note', stored, modified, ctx),
    abstract: input.abstract,
    content: input.content,
    authors: nonEmpty(input.authors ?? []),
    object_refs: input.objectRefs,
  });
}

/** A shared package (one publish to a sharing group) -> `report`. */
export function reportObject(input: { name: string; description?: string; published: Date; objectRefs: string[] }, stored: StoredStixId, modified: Date, ctx: EmitContext): StixObject {
  return withoutUndefined({
    ...common('report', stored, modified, ctx),
    name: input.name,
    description: input.description,
    report_types: ['threat-report'],
    published: stixTimestamp(input.published),
    object_refs: input.objectRefs,
  });
}
