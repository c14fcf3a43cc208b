import { DISARM_TECHNIQUES } from './techniques.js';
import type { DisarmTechnique } from './types.js';

export type { DisarmTechnique } from './types.js';
export { DISARM_TECHNIQUES } from './techniques.js';

const byId = new Map(DISARM_TECHNIQUES.map((t) => [t.id, t]));

/** The DISARM Red technique with this id (name, tactic, STIX attack-pattern id), or undefined. */
export function disarmTechnique(id: string): DisarmTechnique | undefined {
  return byId.get(id);
}
