import type { Tlp } from '@narmon/schemas';
import type { Db } from '../index.js';

export interface PartnerObjectInput {
  groupId: string;
  object: Record<string, unknown> & { id: string; type: string };
  version: string;
  tlp: Tlp;
  sourceOrg: string | null;
  sourceKeyId: number | null;
  sourceKeyName: string;
}

/** Stores what a partner sent (with who sent it and its TLP); the same object version again is kept once. */
export async function insertPartnerObjects(db: Db, inputs: PartnerObjectInput[]): Promise<number> {
  if (inputs.length === 0) return 0;
  const rows = await db.insertInto('partner_objects')
    .values(inputs.map((i) => ({
      group_id: i.groupId,
      stix_id: i.object.id,
      type: i.object.type,
      version: i.version,
      tlp: i.tlp,
      source_org: i.sourceOrg,
      source_key_id: i.sourceKeyId,
      source_key_name: i.sourceKeyName,
      object: JSON.stringify(i.object),
    })))
    .onConflict((oc) => oc.columns(['group_id', 'stix_id', 'version']).doNothing())
    .returning('id')
    .execute();
  return rows.length;
}

export interface PartnerObjectFilter {
  type?: string;
  groupId?: string;
  sourceOrg?: string;
  status?: 'new' | 'imported' | 'dismissed';
  limit?: number;
  /** Rows with an id below this (newest-first paging). */
  beforeId?: number;
}

const COLUMNS = ['id', 'group_id', 'stix_id', 'type', 'version', 'tlp', 'source_org', 'source_key_name', 'status', 'imported_narrative_id', 'received_at', 'object'] as const;

/** Partner objects, newest first. */
export async function listPartnerObjects(db: Db, filter: PartnerObjectFilter = {}) {
  let q = db.selectFrom('partner_objects').select([...COLUMNS]).orderBy('id', 'desc').limit(Math.min(filter.limit ?? 100, 500));
  if (filter.type) q = q.where('type', '=', filter.type);
  if (filter.groupId) q = q.where('group_id', '=', filter.groupId);
  if (filter.sourceOrg) q = q.where('source_org', '=', filter.sourceOrg);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.beforeId !== undefined) q = q.where('id', '<', filter.beforeId);
  return q.execute();
}

export async function findPartnerObject(db: Db, id: number) {
  return db.selectFrom('partner_objects').select([...COLUMNS]).where('id', '=', id).executeTakeFirst();
}

export async function markPartnerObjectImported(db: Db, id: number, narrativeId: string): Promise<void> {
  await db.updateTable('partner_objects').set({ status: 'imported', imported_narrative_id: narrativeId }).where('id', '=', id).execute();
}
