// The five TLP 2.0 marking definitions with their official ids (OASIS cti-stix-common-objects,
// BSD-3-Clause: see TLP-NOTICE.md and TLP-LICENSE.md). Content unchanged from upstream.
import { TLP_LEVELS, type Tlp } from '@narmon/schemas';
import type { StixObject } from './types.js';

export const TLP_EXTENSION_DEFINITION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

export const TLP_MARKING_IDS: Readonly<Record<Tlp, string>> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

/** TLP 1.0 ids (STIX 2.1 spec section 7.2.1.4): read from partners that still use them, never emitted. */
const TLP1_MARKING_IDS: Readonly<Record<string, Tlp>> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'clear',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
};

/** The official TLP 2.0 marking-definition object for a level. */
export function tlpMarkingDefinition(tlp: Tlp): StixObject {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP_MARKING_IDS[tlp],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${tlp.toUpperCase()}`,
    extensions: {
      [TLP_EXTENSION_DEFINITION_ID]: { extension_type: 'property-extension', tlp_2_0: tlp },
    },
  };
}

const byMarkingId = new Map<string, Tlp>([
  ...TLP_LEVELS.map((t) => [TLP_MARKING_IDS[t], t] as const),
  ...Object.entries(TLP1_MARKING_IDS),
]);

/** 0 = CLEAR ... 4 = RED: TLP levels in order of restriction. */
export function tlpRank(tlp: Tlp): number {
  return TLP_LEVELS.indexOf(tlp);
}

/** The most restrictive TLP among an object's marking refs (TLP 2.0 or 1.0), or undefined when it has none. */
export function tlpOfMarkingRefs(refs: readonly unknown[] | undefined): Tlp | undefined {
  let found: Tlp | undefined;
  for (const ref of refs ?? []) {
    const tlp = typeof ref === 'string' ? byMarkingId.get(ref) : undefined;
    if (tlp && (found === undefined || tlpRank(tlp) > tlpRank(found))) found = tlp;
  }
  return found;
}

/** True for the id of a TLP marking definition (which every party already knows). */
export function isTlpMarkingId(id: string): boolean {
  return byMarkingId.has(id);
}
