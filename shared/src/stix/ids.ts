import { createHash, randomUUID } from 'node:crypto';

/** The STIX 2.1 namespace for deterministic cyber-observable ids (spec 2.9). */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** A new SDO/SRO id: UUIDv4, minted once and stored (never derived from content). */
export function newStixId(type: string): string {
  return `${type}--${randomUUID()}`;
}

/** UUIDv5 (RFC 9562 section 5.5): SHA-1 of namespace bytes + name, version and variant bits set. */
export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`not a UUID namespace: ${namespace}`);
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** RFC 8785 (JCS) for the flat string-valued objects that SCO id-contributing properties are here. */
function canonicalJson(value: Record<string, string>): string {
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(value[k])}`).join(',')}}`;
}

/** The deterministic id of a cyber-observable from its id-contributing properties (e.g. url: {value}). */
export function observableId(type: string, contributing: Record<string, string>): string {
  return `${type}--${uuidV5(canonicalJson(contributing), STIX_SCO_NAMESPACE)}`;
}

/** STIX timestamps: UTC, millisecond precision, `Z`. */
export function stixTimestamp(date: Date | string): string {
  return new Date(date).toISOString();
}

const STIX_ID = /^([a-z][a-z0-9-]+[a-z0-9])--([0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$/i;

/** The type named by a STIX id, or undefined when the text is not a STIX id. */
export function stixIdType(id: string): string | undefined {
  return STIX_ID.exec(id)?.[1];
}
