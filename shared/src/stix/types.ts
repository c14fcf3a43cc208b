import type { Tlp } from '@narmon/schemas';

export type { Tlp } from '@narmon/schemas';

/** A STIX 2.1 object as JSON: the common properties typed, the rest open. */
export interface StixObject {
  type: string;
  id: string;
  spec_version?: string;
  created?: string;
  modified?: string;
  created_by_ref?: string;
  object_marking_refs?: string[];
  [property: string]: unknown;
}

/** What every narmon-emitted object needs: who made it and how it may be handled. */
export interface EmitContext {
  /** Our identity (`identity--...`), the `created_by_ref` of everything we emit. */
  createdByRef: string;
  tlp: Tlp;
}

/** An id minted once and stored, with the `created` time it was minted at (it never changes across versions). */
export interface StoredStixId {
  id: string;
  created: Date;
}
