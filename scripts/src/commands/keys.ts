import { InvalidArgumentError, Option, type Command } from 'commander';
import { NarmonError } from '@narmon/shared';
import { apiKeyRepository } from '@narmon/shared/db';
import { withDatabase } from '../with-database.js';


function positiveId(v: string): number {
  if (!/^\d{1,15}$/.test(v) || Number(v) < 1) throw new InvalidArgumentError('must be a positive key id');
  return Number(v);
}

/** `narmon keys create|list|revoke`: API keys for the analyst API; only a hash is stored. */
export function registerKeysCommands(program: Command): void {
  const keys = program.command('keys').description('manage API keys (roles: admin, analyst, partner)');

  keys.command('create')
    .description('create a key and print it once (only its hash is stored)')
    .requiredOption('--name <name>', 'who or what the key is for')
    .addOption(new Option('--role <role>', 'the key\'s role').choices(['admin', 'analyst', 'partner']).makeOptionMandatory())
    .option('--organization <org>', 'the partner agency the key belongs to (e.g. lv-mfa)')
    .option('--json', 'print {id, key, prefix, ...} as JSON')
    .action(async (opts: { name: string; role: apiKeyRepository.Role; organization?: string; json?: boolean }) => {
      const created = await withDatabase((db) => apiKeyRepository.createApiKey(db, { name: opts.name, role: opts.role, organization: opts.organization ?? null }));
      if (opts.json) {
        console.log(JSON.stringify({ id: created.id, key: created.key, prefix: created.prefix, name: opts.name, role: opts.role, organization: opts.organization ?? null }));
        return;
      }
      console.log(created.key);
      console.error(`key ${created.id} (${opts.role}${opts.organization ? `, ${opts.organization}` : ''}) created; it is shown only this once`);
    });

  keys.command('list')
    .description('list keys (never the keys themselves)')
    .option('--json', 'one JSON object per line')
    .action(async (opts: { json?: boolean }) => {
      const rows = await withDatabase((db) => apiKeyRepository.listApiKeys(db));
      for (const k of rows) {
        if (opts.json) {
          console.log(JSON.stringify(k));
        } else {
          const state = k.revoked_at ? `revoked ${new Date(k.revoked_at).toISOString()}` : 'active';
          console.log([k.id, k.prefix + '…', k.role, k.organization ?? '-', k.name, state].join('\t'));
        }
      }
    });

  keys.command('revoke')
    .description('revoke a key by id')
    .argument('<id>', 'the key id (from `keys list`)', positiveId)
    .action(async (id: number) => {
      const revoked = await withDatabase((db) => apiKeyRepository.revokeApiKey(db, id));
      if (!revoked) throw new NarmonError('not-found', `no active key with id ${id}`);
      console.log(`key ${id} revoked`);
    });
}
