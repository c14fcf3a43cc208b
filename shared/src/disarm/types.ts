export interface DisarmTechnique {
  /** DISARM id, e.g. "T0022" or "T0022.001". */
  id: string;
  name: string;
  /** DISARM tactic id, e.g. "TA14". */
  tactic: string;
  /** Parent technique id for a sub-technique. */
  parent: string | null;
  /** STIX 2.1 attack-pattern id in the DISARM bundle, for the STIX exchange. */
  stixId: string;
}
