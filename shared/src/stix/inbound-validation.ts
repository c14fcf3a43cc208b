// Run-time checks for objects partners POST. The OASIS JSON schemas validate what we emit in the
// tests; at run time the product must not depend on them, so this checks the STIX 2.1 rules that
// matter for storing and showing an object (ids, versions, markings, each known type's required
// properties) and reports the first problem in words an analyst can pass back to the partner.
import { stixIdType } from './ids.js';
import type { StixObject } from './types.js';

const TIMESTAMP = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/;
const TIMESTAMP_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3,}Z$/;
const TYPE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*-?$/;

/** Cyber-observable types (no created/modified): STIX 2.1 built-ins plus the FIMI media-content. */
const OBSERVABLE_TYPES = new Set([
  'artifact', 'autonomous-system', 'directory', 'domain-name', 'email-addr', 'email-message', 'file', 'ipv4-addr',
  'ipv6-addr', 'mac-addr', 'mutex', 'network-traffic', 'process', 'software', 'url', 'user-account',
  'windows-registry-key', 'x509-certificate', 'media-content',
]);

type Check = (o: StixObject) => string | undefined;

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isRef = (v: unknown, ...types: string[]): boolean => typeof v === 'string' && stixIdType(v) !== undefined && (types.length === 0 || types.includes(stixIdType(v)!));
const refList = (v: unknown, ...types: string[]): boolean => Array.isArray(v) && v.length > 0 && v.every((r) => isRef(r, ...types));
const need = (cond: boolean, message: string): string | undefined => (cond ? undefined : message);
const timestamp = (v: unknown): boolean => typeof v === 'string' && TIMESTAMP.test(v) && !Number.isNaN(Date.parse(v));

const TYPE_CHECKS: Record<string, Check> = {
  narrative: (o) => need(isString(o.name), 'a narrative needs a name'),
  channel: (o) => need(isString(o.name), 'a channel needs a name'),
  identity: (o) => need(isString(o.name), 'an identity needs a name'),
  'attack-pattern': (o) => need(isString(o.name), 'an attack-pattern needs a name'),
  sighting: (o) => need(isRef(o.sighting_of_ref), 'a sighting needs sighting_of_ref (a STIX id)')
    ?? need(o.count === undefined || (Number.isInteger(o.count) && (o.count as number) >= 0 && (o.count as number) <= 999_999_999), 'sighting count must be an integer 0..999999999')
    ?? need(o.where_sighted_refs === undefined || refList(o.where_sighted_refs, 'identity', 'location'), 'where_sighted_refs must list identity or location ids')
    ?? need(o.observed_data_refs === undefined || refList(o.observed_data_refs, 'observed-data'), 'observed_data_refs must list observed-data ids'),
  note: (o) => need(isString(o.content), 'a note needs content') ?? need(refList(o.object_refs), 'a note needs object_refs (STIX ids)'),
  opinion: (o) => need(['strongly-disagree', 'disagree', 'neutral', 'agree', 'strongly-agree'].includes(o.opinion as string), 'opinion must be strongly-disagree|disagree|neutral|agree|strongly-agree')
    ?? need(refList(o.object_refs), 'an opinion needs object_refs (STIX ids)'),
  relationship: (o) => need(isString(o.relationship_type), 'a relationship needs relationship_type')
    ?? need(isRef(o.source_ref) && isRef(o.target_ref), 'a relationship needs source_ref and target_ref (STIX ids)'),
  report: (o) => need(isString(o.name), 'a report needs a name') ?? need(timestamp(o.published), 'a report needs published (a timestamp)')
    ?? need(refList(o.object_refs), 'a report needs object_refs (STIX ids)'),
  'observed-data': (o) => need(timestamp(o.first_observed) && timestamp(o.last_observed), 'observed-data needs first_observed and last_observed')
    ?? need(Number.isInteger(o.number_observed) && (o.number_observed as number) >= 1, 'observed-data needs number_observed >= 1')
    ?? need(refList(o.object_refs), 'observed-data needs object_refs (STIX ids)'),
  url: (o) => need(isString(o.value), 'a url needs a value'),
  'media-content': (o) => need(o.url === undefined || isString(o.url), 'media-content url must be a string'),
};

export type InboundCheck = { ok: true; object: StixObject } | { ok: false; id?: string; reason: string };

/** Checks one partner object; `reason` names the first rule it breaks. */
export function checkInboundObject(value: unknown): InboundCheck {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'not a JSON object' };
  const o = value as StixObject;
  const id = typeof o.id === 'string' ? o.id : undefined;
  const fail = (reason: string): InboundCheck => ({ ok: false, ...(id ? { id } : {}), reason });
  if (typeof o.type !== 'string' || !TYPE.test(o.type) || o.type.length < 3 || o.type.length > 250) return fail('type must be a STIX type name');
  if (o.type === 'bundle') return fail('post the objects themselves (a TAXII envelope), not a bundle');
  if (!id || stixIdType(id) !== o.type) return fail(`id must be "${o.type}--<UUID>"`);
  const observable = OBSERVABLE_TYPES.has(o.type);
  if (o.spec_version !== '2.1' && !(observable && o.spec_version === undefined)) return fail('spec_version must be "2.1"');
  if (!observable && o.type !== 'marking-definition') {
    if (typeof o.created !== 'string' || !TIMESTAMP_MILLIS.test(o.created) || !timestamp(o.created)) return fail('created must be a UTC timestamp with milliseconds');
    if (typeof o.modified !== 'string' || !TIMESTAMP_MILLIS.test(o.modified) || !timestamp(o.modified)) return fail('modified must be a UTC timestamp with milliseconds');
    if (Date.parse(o.modified) < Date.parse(o.created)) return fail('modified must not precede created');
  }
  if (o.created_by_ref !== undefined && !isRef(o.created_by_ref, 'identity')) return fail('created_by_ref must be an identity id');
  if (o.object_marking_refs !== undefined && !refList(o.object_marking_refs, 'marking-definition')) return fail('object_marking_refs must list marking-definition ids');
  const problem = TYPE_CHECKS[o.type]?.(o);
  return problem ? fail(problem) : { ok: true, object: o };
}
