import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.js';
import { exchangeSetting } from '../db/repositories/stix-objects.js';
import { instanceIdentityObject } from '../stix/objects.js';
import type { StixObject } from '../stix/types.js';

export interface InstanceIdentity {
  id: string;
  name: string;
  object: StixObject;
}

/**
 * This instance's STIX identity: STIX_IDENTITY_ID when configured, otherwise an id minted on first use
 * and kept in the database, so every object we ever emit names the same creator.
 */
export async function instanceIdentity(db: Db, config: { STIX_IDENTITY_NAME: string; STIX_IDENTITY_ID?: string | undefined }): Promise<InstanceIdentity> {
  const id = config.STIX_IDENTITY_ID ?? await exchangeSetting(db, 'identity_id', () => `identity--${randomUUID()}`);
  const created = new Date(await exchangeSetting(db, 'identity_created', () => new Date().toISOString()));
  return { id, name: config.STIX_IDENTITY_NAME, object: instanceIdentityObject({ id, created }, config.STIX_IDENTITY_NAME) };
}
