import type { Db } from '../index.js';

export interface AuditEntry {
  actorKeyId: number | null;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string;
  details?: Record<string, unknown>;
}

/** Appends one entry; the log is append-only (nothing updates or deletes it). */
export async function recordAudit(db: Db, e: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values({
    actor_key_id: e.actorKeyId, actor_name: e.actorName, action: e.action,
    target_type: e.targetType, target_id: e.targetId, details: JSON.stringify(e.details ?? {}),
  }).execute();
}

/** The trail of one target, oldest first. */
export async function auditTrail(db: Db, targetType: string, targetId: string) {
  return db.selectFrom('audit_log').select(['at', 'actor_name', 'action', 'details'])
    .where('target_type', '=', targetType).where('target_id', '=', targetId)
    .orderBy('at').orderBy('id').execute();
}
