import { randomUUID } from 'node:crypto';
import type { Tlp } from '@narmon/schemas';
import type { Db } from '../index.js';

export interface SharingGroup {
  id: string;
  collectionId: string;
  title: string;
  description: string | null;
  maxTlp: Tlp;
  members: Array<{ organization: string; clearance: Tlp }>;
  createdAt: Date;
}

/** Creates a group and its TAXII collection (a fresh UUID); the same id again changes nothing. */
export async function createSharingGroup(db: Db, input: { id: string; title: string; maxTlp: Tlp; description?: string | null }): Promise<SharingGroup> {
  await db.insertInto('sharing_groups')
    .values({ id: input.id, collection_id: randomUUID(), title: input.title, max_tlp: input.maxTlp, description: input.description ?? null })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return (await findSharingGroup(db, input.id))!;
}

/** Adds a partner organisation to a group or changes its clearance there. */
export async function upsertMember(db: Db, groupId: string, member: { organization: string; clearance: Tlp }): Promise<void> {
  await db.insertInto('sharing_group_members')
    .values({ group_id: groupId, organization: member.organization, clearance: member.clearance })
    .onConflict((oc) => oc.columns(['group_id', 'organization']).doUpdateSet({ clearance: member.clearance }))
    .execute();
}

export async function removeMember(db: Db, groupId: string, organization: string): Promise<boolean> {
  const r = await db.deleteFrom('sharing_group_members').where('group_id', '=', groupId).where('organization', '=', organization).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

async function withMembers(db: Db, rows: Array<{ id: string; collection_id: string; title: string; description: string | null; max_tlp: Tlp; created_at: Date }>): Promise<SharingGroup[]> {
  if (rows.length === 0) return [];
  const members = await db.selectFrom('sharing_group_members').select(['group_id', 'organization', 'clearance'])
    .where('group_id', 'in', rows.map((r) => r.id)).orderBy('organization').execute();
  return rows.map((r) => ({
    id: r.id,
    collectionId: r.collection_id,
    title: r.title,
    description: r.description,
    maxTlp: r.max_tlp,
    createdAt: r.created_at,
    members: members.filter((m) => m.group_id === r.id).map((m) => ({ organization: m.organization, clearance: m.clearance })),
  }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A group by its id (slug) or its TAXII collection id. */
export async function findSharingGroup(db: Db, idOrCollectionId: string): Promise<SharingGroup | undefined> {
  let q = db.selectFrom('sharing_groups').select(['id', 'collection_id', 'title', 'description', 'max_tlp', 'created_at']);
  q = UUID.test(idOrCollectionId)
    ? q.where((eb) => eb.or([eb('collection_id', '=', idOrCollectionId.toLowerCase()), eb('id', '=', idOrCollectionId)]))
    : q.where('id', '=', idOrCollectionId);
  const rows = await q.execute();
  return (await withMembers(db, rows))[0];
}

/** Every group (for analysts), or only those an organisation is a member of (for partners). */
export async function listSharingGroups(db: Db, options: { memberOrganization?: string } = {}): Promise<SharingGroup[]> {
  let q = db.selectFrom('sharing_groups').select(['id', 'collection_id', 'title', 'description', 'max_tlp', 'created_at']).orderBy('id');
  if (options.memberOrganization !== undefined) {
    const org = options.memberOrganization;
    q = q.where('id', 'in', db.selectFrom('sharing_group_members').select('group_id').where('organization', '=', org));
  }
  return withMembers(db, await q.execute());
}
