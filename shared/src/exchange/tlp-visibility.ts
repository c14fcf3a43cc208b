// Who may see which object in a sharing group. The same rules run in SQL (stix-objects repository,
// `visibleObjects`) so that limits and paging apply after the filter; the matrix test checks both.
import { TLP_LEVELS, type Tlp } from '@narmon/schemas';

export function tlpRank(tlp: Tlp): number {
  return TLP_LEVELS.indexOf(tlp);
}

export function lowerTlp(a: Tlp, b: Tlp): Tlp {
  return tlpRank(a) <= tlpRank(b) ? a : b;
}

/** Someone reading a collection: a member partner (with its clearance there) or our own analysts. */
export type CollectionViewer =
  | { kind: 'partner'; organization: string; ceiling: Tlp }
  | { kind: 'internal'; ceiling: Tlp };

export interface GroupPolicy {
  maxTlp: Tlp;
  members: ReadonlyArray<{ organization: string; clearance: Tlp }>;
}

/**
 * The viewer a principal is in a group, or undefined when it may not read the group at all
 * (a partner that is not a member, or one without an organisation).
 */
export function viewerInGroup(group: GroupPolicy, principal: { role: 'admin' | 'analyst' | 'partner'; organization: string | null }): CollectionViewer | undefined {
  if (principal.role !== 'partner') return { kind: 'internal', ceiling: group.maxTlp };
  if (!principal.organization) return undefined;
  const member = group.members.find((m) => m.organization === principal.organization);
  if (!member) return undefined;
  return { kind: 'partner', organization: member.organization, ceiling: lowerTlp(group.maxTlp, member.clearance) };
}

/**
 * RED is never exported; nothing above the viewer's ceiling (group maximum capped by clearance);
 * AMBER+STRICT only to the organisation that owns the object (for partners).
 */
export function isVisibleTo(objectTlp: Tlp, objectOwnerOrg: string | null, viewer: CollectionViewer): boolean {
  if (objectTlp === 'red') return false;
  if (tlpRank(objectTlp) > tlpRank(viewer.ceiling)) return false;
  if (objectTlp === 'amber+strict' && viewer.kind === 'partner') return objectOwnerOrg === viewer.organization;
  return true;
}

/** Why an analyst may not publish at this TLP to this group, or undefined when they may. */
export function publishRefusal(objectTlp: Tlp, groupMaxTlp: Tlp, recipientOrganization: string | null | undefined): string | undefined {
  if (objectTlp === 'red') return 'TLP:RED is never exported';
  if (tlpRank(objectTlp) > tlpRank(groupMaxTlp)) return `TLP:${objectTlp.toUpperCase()} is above the group's maximum TLP:${groupMaxTlp.toUpperCase()}`;
  if (objectTlp === 'amber+strict' && !recipientOrganization) return 'TLP:AMBER+STRICT needs the one recipient organisation (--recipient)';
  return undefined;
}
