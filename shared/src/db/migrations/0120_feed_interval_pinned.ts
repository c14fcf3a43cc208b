import type { Kysely } from 'kysely';

// An operator can pin a feed's interval: the schedule then keeps it instead of adapting to the
// feed's rate of new items (failures still back off, Retry-After is still a floor).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('feeds')
    .addColumn('interval_pinned', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('feeds').dropColumn('interval_pinned').execute();
}
