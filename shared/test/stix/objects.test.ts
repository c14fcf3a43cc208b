import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  checkInboundObject, disarmAttackPatternObject, disarmIdentityObject, instanceIdentityObject, mediaContentExtensionDefinition,
  mediaContentObservable, narmonProjectIdentity, narrativeExtensionDefinition, narrativeObject, noteObject, observableId,
  observedDataObject, outletIdentityObject, relationshipObject, reportObject, reviewOpinionObject, sightingObject,
  tlpMarkingDefinition, tlpOfMarkingRefs, TLP_MARKING_IDS, urlObservable, uuidV5,
} from '../../src/stix/index.js';
import { TLP_LEVELS } from '@narmon/schemas';
import { createStixValidator } from './oasis-validator.js';

const validator = createStixValidator();
const ctx = { createdByRef: 'identity--7f1c2b3a-4d5e-4f60-8a71-92b3c4d5e6f7', tlp: 'green' as const };
const stored = (type: string, n: number) => ({ id: `${type}--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, created: new Date('2026-03-01T10:00:00.000Z') });
const later = new Date('2026-03-02T08:30:00.123Z');

describe('STIX ids', () => {
  it('derives url ids as stix2 does: UUIDv5 of the canonical {"value"} JSON in the STIX namespace', () => {
    // Reference computed with Python: uuid.uuid5(UUID('00abedb4-...'), '{"value":"https://example.com/research/index.html"}').
    // (The id in the specification's url example is illustrative, not derived.)
    expect(observableId('url', { value: 'https://example.com/research/index.html' })).toBe('url--47c3cf9a-5027-5bf0-997a-017c7edc7c55');
  });
  it('implements RFC 9562 UUIDv5 (DNS namespace example)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});

describe('TLP 2.0 markings', () => {
  it('are the official OASIS objects, byte for byte in content', () => {
    const dir = resolve(process.cwd(), '../shared/reference/stix2.1-schemas/tlp-2.0/objects');
    for (const tlp of TLP_LEVELS) {
      const official = JSON.parse(readFileSync(resolve(dir, `${TLP_MARKING_IDS[tlp]}.json`), 'utf8')).objects[0];
      expect(tlpMarkingDefinition(tlp)).toEqual(official);
      expect(validator.validate(tlpMarkingDefinition(tlp))).toEqual([]);
    }
  });
  it('reads the most restrictive TLP from marking refs, TLP 1.0 too', () => {
    expect(tlpOfMarkingRefs([TLP_MARKING_IDS.green, TLP_MARKING_IDS.amber])).toBe('amber');
    expect(tlpOfMarkingRefs(['marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9'])).toBe('clear');
    expect(tlpOfMarkingRefs(['marking-definition--f79f25d2-8b96-4580-b169-eb7b613a7c31'])).toBeUndefined();
  });
});

describe('mapping', () => {
  const narrative = narrativeObject({
    id: 'nato-provocation', title: { eng: 'NATO provokes Russia', lav: 'NATO provocē Krieviju' }, summary: { eng: 'Claims that NATO exercises are provocations.' },
    tags: ['security'], refs: ['https://euvsdisinfo.eu/report/x'], disarm: ['T0022'],
  }, stored('narrative', 1), later, ctx);

  it('maps a narrative to the custom SDO declared by our extension-definition', () => {
    expect(narrative).toMatchObject({
      type: 'narrative', name: 'NATO provokes Russia', aliases: ['NATO provocē Krieviju'], description: 'Claims that NATO exercises are provocations.',
      created: '2026-03-01T10:00:00.000Z', modified: '2026-03-02T08:30:00.123Z', created_by_ref: ctx.createdByRef,
      object_marking_refs: [TLP_MARKING_IDS.green],
    });
    expect(Object.keys(narrative.extensions as object)).toEqual([narrativeExtensionDefinition().id]);
  });

  it('uses DISARM\'s own attack-pattern ids, matched on the T-id', () => {
    const ap = disarmAttackPatternObject('T0022')!;
    const bundle = JSON.parse(readFileSync(resolve(process.cwd(), '../shared/reference/disarm/stix/DISARM.json'), 'utf8'));
    const official = bundle.objects.find((o: { type: string; external_references?: Array<{ external_id?: string }> }) =>
      o.type === 'attack-pattern' && o.external_references?.some((r) => r.external_id === 'T0022'));
    expect(ap.id).toBe(official.id);
    expect(ap.created).toBe(official.created);
    expect(ap.name).toBe(official.name);
    expect(disarmAttackPatternObject('T9999')).toBeUndefined();
  });

  it('passes the OASIS schemas object by object (custom types against their extension-definition)', () => {
    const url = urlObservable('https://news.example.lv/a/1', 'green');
    const media = mediaContentObservable({ url: 'https://news.example.lv/a/1', title: 'Virsraksts', publishedAt: new Date('2026-02-28T09:00:00Z'), language: 'lav' }, 'green');
    const od = observedDataObject({ objectRefs: [url.id, media.id], firstObserved: later, lastObserved: later, numberObserved: 1 }, stored('observed-data', 2), later, ctx);
    const outlet = outletIdentityObject({ name: 'news.example.lv', url: 'https://news.example.lv/rss' }, stored('identity', 3), later, ctx);
    const sighting = sightingObject({ sightingOfRef: narrative.id, count: 3, firstSeen: later, lastSeen: later, whereSightedRefs: [outlet.id], observedDataRefs: [od.id] }, stored('sighting', 4), later, ctx);
    const objects = [
      narrative, url, media, od, outlet, sighting,
      instanceIdentityObject(stored('identity', 9), 'narmon Riga'), narmonProjectIdentity(), disarmIdentityObject(),
      narrativeExtensionDefinition(), mediaContentExtensionDefinition(), disarmAttackPatternObject('T0022')!,
      relationshipObject('uses', narrative.id, disarmAttackPatternObject('T0022')!.id, stored('relationship', 5), later, ctx),
      reviewOpinionObject({ opinion: 'agree', explanation: 'confirmed', authors: ['analyst'], objectRefs: [sighting.id] }, stored('opinion', 6), later, ctx),
      noteObject({ content: 'seen in two outlets', objectRefs: [narrative.id] }, stored('note', 7), later, ctx),
      reportObject({ name: 'package', published: later, objectRefs: [narrative.id, sighting.id] }, stored('report', 8), later, ctx),
    ];
    const problems = objects.flatMap((o) => validator.validate(o));
    expect(problems).toEqual([]);
    // and the run-time check accepts what we emit
    expect(objects.map((o) => checkInboundObject(o)).filter((c) => !c.ok)).toEqual([]);
  });

  it('the validator is not a rubber stamp', () => {
    expect(validator.validate({ ...narrative, name: undefined })).not.toEqual([]);
    expect(validator.validate({ ...narrative, extensions: undefined })).not.toEqual([]);
    expect(validator.validate({ ...sightingObject({ sightingOfRef: narrative.id, count: 1, firstSeen: later, lastSeen: later, whereSightedRefs: [], observedDataRefs: [] }, stored('sighting', 4), later, ctx), count: -1 })).not.toEqual([]);
    expect(validator.validate({ ...narrative, created: '2026-03-01T10:00:00Z' })).not.toEqual([]);
  });

  it('run-time checks name the broken rule of a partner object', () => {
    expect(checkInboundObject({ type: 'sighting', spec_version: '2.1', id: 'sighting--00000000-0000-4000-8000-000000000001', created: '2026-03-01T10:00:00.000Z', modified: '2026-03-01T10:00:00.000Z' }))
      .toMatchObject({ ok: false, reason: 'a sighting needs sighting_of_ref (a STIX id)' });
    expect(checkInboundObject({ type: 'note', spec_version: '2.1', id: 'narrative--00000000-0000-4000-8000-000000000001' }))
      .toMatchObject({ ok: false, reason: 'id must be "note--<UUID>"' });
    expect(checkInboundObject({ ...narrative, modified: '2020-01-01T00:00:00.000Z' })).toMatchObject({ ok: false, reason: 'modified must not precede created' });
  });
});
