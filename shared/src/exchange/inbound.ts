// Objects partners POST to a collection: checked one by one, stored in the collection (so the other
// members see them, under the same TLP rules) and, from partners, kept with their provenance for
// analysts (partner_objects). A partner narrative can become a draft fingerprint.
import { randomUUID } from 'node:crypto';
import type { Tlp } from '@narmon/schemas';
import { fingerprintSchema, type FingerprintInput } from '@narmon/schemas';
import { disarmTechnique, DISARM_TECHNIQUES } from '../disarm/index.js';
import type { Db } from '../db/index.js';
import { insertPartnerObjects } from '../db/repositories/partner-objects.js';
import type { SharingGroup } from '../db/repositories/sharing-groups.js';
import { addObjectsToCollection, type CollectionEntry } from '../db/repositories/stix-objects.js';
import { publishFingerprint } from '../db/repositories/narratives.js';
import { findPartnerObject, listPartnerObjects, markPartnerObjectImported } from '../db/repositories/partner-objects.js';
import { checkInboundObject } from '../stix/inbound-validation.js';
import { tlpOfMarkingRefs } from '../stix/tlp-markings.js';
import type { StixObject } from '../stix/types.js';
import { microsToTimestamp } from './taxii-time.js';
import { tlpRank } from './tlp-visibility.js';
import { ExchangeError } from './publish.js';

/** Objects that arrive without a TLP marking are handled as AMBER: never more widely than a partner may have meant. */
export const UNMARKED_TLP: Tlp = 'amber';

export interface Sender {
  keyId: number | null;
  name: string;
  role: 'admin' | 'analyst' | 'partner';
  organization: string | null;
}

export interface TaxiiStatus {
  id: string;
  status: 'complete';
  request_timestamp: string;
  total_count: number;
  success_count: number;
  failure_count: number;
  pending_count: number;
  successes: Array<{ id: string; version?: string; message?: string }>;
  failures: Array<{ id: string; version?: string; message?: string }>;
  pending: [];
}

/** Stores a TAXII POST's objects and returns its (already complete) status resource. */
export async function receiveObjects(db: Db, group: SharingGroup, sender: Sender, objects: unknown[]): Promise<TaxiiStatus> {
  const requestTimestamp = microsToTimestamp(Date.now() * 1000);
  const failures: TaxiiStatus['failures'] = [];
  const accepted: Array<{ object: StixObject; tlp: Tlp }> = [];
  for (const value of objects) {
    const check = checkInboundObject(value);
    if (!check.ok) {
      failures.push({ id: check.id ?? '(no id)', message: check.reason });
      continue;
    }
    const o = check.object;
    const tlp = tlpOfMarkingRefs(o.object_marking_refs) ?? UNMARKED_TLP;
    const version = (o.modified ?? o.created) as string | undefined;
    if (tlp === 'red') {
      failures.push({ id: o.id, ...(version ? { version } : {}), message: 'TLP:RED objects are not shared through a collection' });
    } else if (tlpRank(tlp) > tlpRank(group.maxTlp)) {
      failures.push({ id: o.id, ...(version ? { version } : {}), message: `TLP:${tlp.toUpperCase()} is above this collection's maximum TLP:${group.maxTlp.toUpperCase()}` });
    } else {
      accepted.push({ object: o, tlp });
    }
  }
  const entries: CollectionEntry[] = accepted.map((a) => ({ object: a.object, tlp: a.tlp, ownerOrg: sender.organization, publishedBy: `${sender.role}:${sender.name}` }));
  const result = await addObjectsToCollection(db, group.collectionId, entries);
  if (sender.role === 'partner') {
    await insertPartnerObjects(db, accepted.map((a) => ({
      groupId: group.id,
      object: a.object,
      version: String(a.object.modified ?? a.object.created ?? requestTimestamp),
      tlp: a.tlp,
      sourceOrg: sender.organization,
      sourceKeyId: sender.keyId,
      sourceKeyName: sender.name,
    })));
  }
  const successes = [
    ...result.added.map((a) => ({ id: a.id, version: a.version })),
    ...result.unchanged.map((u) => ({ id: u.id, version: u.version, message: 'already in the collection' })),
  ];
  const status: TaxiiStatus = {
    id: randomUUID(),
    status: 'complete',
    request_timestamp: requestTimestamp,
    total_count: objects.length,
    success_count: successes.length,
    failure_count: failures.length,
    pending_count: 0,
    successes,
    failures,
    pending: [],
  };
  await db.insertInto('taxii_statuses').values({
    id: status.id,
    collection_id: group.collectionId,
    key_id: sender.keyId,
    request_timestamp: requestTimestamp,
    total_count: status.total_count,
    success_count: status.success_count,
    failure_count: status.failure_count,
    successes: JSON.stringify(successes),
    failures: JSON.stringify(failures),
  }).execute();
  return status;
}

/** A stored status, for its poster or our analysts. */
export async function findStatus(db: Db, id: string, viewer: { keyId: number | null; internal: boolean }): Promise<TaxiiStatus | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const row = await db.selectFrom('taxii_statuses').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || (!viewer.internal && Number(row.key_id) !== viewer.keyId)) return undefined;
  return {
    id: row.id, status: 'complete', request_timestamp: row.request_timestamp,
    total_count: row.total_count, success_count: row.success_count, failure_count: row.failure_count, pending_count: 0,
    successes: row.successes, failures: row.failures, pending: [],
  };
}

function slug(text: string): string {
  return text.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

const LANG_639_1_TO_3: Record<string, string> = { en: 'eng', lv: 'lav', ja: 'jpn', ru: 'rus', uk: 'ukr', lt: 'lit', et: 'est', de: 'deu', fr: 'fra', pl: 'pol', be: 'bel', zh: 'cmn', ko: 'kor' };

/**
 * A partner `narrative` object as a draft fingerprint: its names and description, DISARM techniques
 * it `uses`, references, provenance. The terms are only a seed from the name: an analyst writes the real ones.
 */
export function draftFingerprintFromNarrative(narrative: StixObject, context: { sourceOrg: string | null; tlp: Tlp; disarm: string[] }): FingerprintInput {
  const name = String(narrative.name);
  const lang = LANG_639_1_TO_3[String(narrative.lang ?? 'en').slice(0, 2)] ?? 'eng';
  const aliases = Array.isArray(narrative.aliases) ? narrative.aliases.filter((a): a is string => typeof a === 'string') : [];
  const words = [...new Set(name.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4))].slice(0, 8);
  const seedTerms = (words.length ? words : [slug(name) || 'narrative']).map((t) => ({ t, w: 1 }));
  const org = slug(context.sourceOrg ?? 'partner');
  const refs = (Array.isArray(narrative.external_references) ? narrative.external_references : [])
    .map((r) => (r as { url?: unknown }).url).filter((u): u is string => typeof u === 'string' && /^https?:\/\//.test(u));
  return {
    id: [`partner-${org}`.slice(0, 30), slug(name).slice(0, 36), narrative.id.split('--')[1]!.slice(0, 8)].filter(Boolean).join('-').replace(/-+/g, '-'),
    status: 'draft',
    title: { [lang]: name },
    summary: typeof narrative.description === 'string' && narrative.description ? { [lang]: narrative.description } : {},
    languages: { [lang]: { terms: seedTerms, phrases: [], exclude: [] } },
    disarm: context.disarm,
    tlp: context.tlp,
    tags: ['partner-import', ...aliases.map((a) => `alias:${a}`)],
    refs,
    provenance: { author: context.sourceOrg ?? undefined, source: `partner ${context.sourceOrg ?? '?'}: ${narrative.id}`, created: String(narrative.created ?? ''), note: 'Draft imported from a partner narrative; the terms are a seed to be rewritten.' },
  };
}

/** DISARM T-ids of attack-patterns a partner narrative `uses`, by DISARM's STIX id or the T-id in its references. */
async function partnerNarrativeTechniques(db: Db, groupId: string, narrativeStixId: string): Promise<string[]> {
  const related = await listPartnerObjects(db, { groupId, type: 'relationship', limit: 500 });
  const targets = related.map((r) => r.object as StixObject)
    .filter((r) => r.relationship_type === 'uses' && r.source_ref === narrativeStixId).map((r) => String(r.target_ref));
  const byStixId = new Map(DISARM_TECHNIQUES.map((t) => [t.stixId, t.id]));
  const patterns = await listPartnerObjects(db, { groupId, type: 'attack-pattern', limit: 500 });
  const ids = new Set<string>();
  for (const target of targets) {
    const known = byStixId.get(target);
    if (known) { ids.add(known); continue; }
    const pattern = patterns.find((p) => p.stix_id === target)?.object as StixObject | undefined;
    for (const ref of (pattern?.external_references as Array<{ external_id?: string }> | undefined) ?? []) {
      if (ref.external_id && disarmTechnique(ref.external_id)) ids.add(ref.external_id);
    }
  }
  return [...ids].sort();
}

/** Turns a stored partner narrative into a draft fingerprint (one call); returns the fingerprint id and version. */
export async function importPartnerNarrative(db: Db, partnerObjectId: number, importedBy: string): Promise<{ fingerprintId: string; version: number; changed: boolean }> {
  const row = await findPartnerObject(db, partnerObjectId);
  if (!row || row.type !== 'narrative') throw new ExchangeError('unknown-narrative', `no partner narrative with id ${partnerObjectId}`);
  const object = row.object as StixObject;
  const disarm = await partnerNarrativeTechniques(db, row.group_id, row.stix_id);
  const fp = fingerprintSchema.parse(draftFingerprintFromNarrative(object, { sourceOrg: row.source_org, tlp: row.tlp, disarm }));
  const stored = await publishFingerprint(db, fp, importedBy);
  await markPartnerObjectImported(db, row.id, stored.id);
  return { fingerprintId: stored.id, version: stored.version, changed: stored.changed };
}
