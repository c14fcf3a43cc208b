import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../index.js';

export type Role = 'admin' | 'analyst' | 'partner';
export const ROLES: readonly Role[] = ['admin', 'analyst', 'partner'];

/** Who is calling: the key that authenticated a request, never the key itself. */
export interface Principal {
  keyId: number;
  name: string;
  role: Role;
  organization: string | null;
}

export interface CreatedApiKey {
  id: number;
  /** The plaintext key: shown once, never stored. */
  key: string;
  prefix: string;
}

const KEY_PREFIX = 'nmk_';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export async function createApiKey(db: Db, input: { name: string; role: Role; organization?: string | null }): Promise<CreatedApiKey> {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  const prefix = key.slice(0, KEY_PREFIX.length + 6);
  const row = await db.insertInto('api_keys')
    .values({ name: input.name, role: input.role, organization: input.organization ?? null, key_prefix: prefix, key_hash: hashApiKey(key) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, key, prefix };
}

/** The principal of an unrevoked key; also stamps last_used_at (at most once a minute, to spare writes). */
export async function findActiveKeyByPlaintext(db: Db, key: string): Promise<Principal | undefined> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 200) return undefined;
  const row = await db.selectFrom('api_keys')
    .select(['id', 'name', 'role', 'organization', 'last_used_at'])
    .where('key_hash', '=', hashApiKey(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const last = row.last_used_at ? new Date(row.last_used_at).getTime() : 0;
  if (Date.now() - last > 60_000) {
    await db.updateTable('api_keys').set({ last_used_at: sql`now()` }).where('id', '=', row.id).execute();
  }
  return { keyId: row.id, name: row.name, role: row.role, organization: row.organization };
}

export async function listApiKeys(db: Db) {
  return db.selectFrom('api_keys')
    .select(['id', 'name', 'role', 'organization', 'key_prefix as prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .orderBy('id')
    .execute();
}

/** True when an active key was revoked; false when there is no such key or it was already revoked. */
export async function revokeApiKey(db: Db, id: number): Promise<boolean> {
  const r = await db.updateTable('api_keys').set({ revoked_at: sql`now()` })
    .where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
