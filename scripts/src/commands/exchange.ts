import { Option, type Command } from 'commander';
import { TLP_LEVELS, type Tlp } from '@narmon/schemas';
import { NarmonError, loadConfig } from '@narmon/shared';
import { assertDbReachable, createDb, sharingGroupRepository, narrativeRepository, type Db } from '@narmon/shared/db';
import { instanceIdentity, publishNarrativeToGroup } from '@narmon/shared/exchange';

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = createDb(config.DATABASE_URL, { max: 1 });
  try {
    await assertDbReachable(db, config.DATABASE_URL);
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

const tlpOption = (flag: string, description: string) => new Option(flag, description).choices([...TLP_LEVELS]);

/** `narmon groups create|add-member|remove-member|list` and `narmon publish`: partner exchange over TAXII 2.1. */
export function registerExchangeCommands(program: Command): void {
  const groups = program.command('groups').description('sharing groups: one TAXII collection each, with a maximum TLP and member organisations');

  groups.command('create')
    .description('create a sharing group (its TAXII collection id is printed)')
    .argument('<id>', 'a slug such as lv-jp-stratcom')
    .requiredOption('--title <title>', 'the collection title partners see')
    .addOption(tlpOption('--max-tlp <tlp>', 'the highest TLP the group may ever receive').makeOptionMandatory())
    .option('--description <text>')
    .action(async (id: string, opts: { title: string; maxTlp: Tlp; description?: string }) => {
      const g = await withDb((db) => sharingGroupRepository.createSharingGroup(db, { id, title: opts.title, maxTlp: opts.maxTlp, description: opts.description ?? null }));
      console.log(`${g.id}\tcollection ${g.collectionId}\tmax TLP:${g.maxTlp.toUpperCase()}`);
    });

  groups.command('add-member')
    .description('add a partner organisation (as on its partner API keys) or change its clearance')
    .argument('<group>')
    .argument('<organization>')
    .addOption(tlpOption('--clearance <tlp>', 'the highest TLP this partner may see in the group').makeOptionMandatory())
    .action(async (group: string, organization: string, opts: { clearance: Tlp }) => {
      await withDb(async (db) => {
        const g = await sharingGroupRepository.findSharingGroup(db, group);
        if (!g) throw new NarmonError('unknown-group', `no sharing group "${group}"`);
        await sharingGroupRepository.upsertMember(db, g.id, { organization, clearance: opts.clearance });
      });
      console.log(`${organization} in ${group}, cleared TLP:${opts.clearance.toUpperCase()}`);
    });

  groups.command('remove-member').argument('<group>').argument('<organization>')
    .action(async (group: string, organization: string) => {
      const removed = await withDb((db) => sharingGroupRepository.removeMember(db, group, organization));
      if (!removed) { console.error(`narmon: ${organization} is not a member of ${group}`); process.exitCode = 1; }
    });

  groups.command('list').option('--json')
    .action(async (opts: { json?: boolean }) => {
      for (const g of await withDb((db) => sharingGroupRepository.listSharingGroups(db))) {
        if (opts.json) console.log(JSON.stringify(g));
        else console.log([g.id, g.collectionId, `TLP:${g.maxTlp.toUpperCase()}`, g.members.map((m) => `${m.organization}(${m.clearance})`).join(',') || '-'].join('\t'));
      }
    });

  program.command('publish')
    .description('publish a narrative and/or its confirmed flags to a sharing group\'s TAXII collection')
    .requiredOption('--group <group>', 'the sharing group')
    .option('--narrative <id>', 'the narrative to publish (with its confirmed flags unless --no-flags)')
    .option('--confirmed-flags', 'publish only the confirmed flags (sightings) of --narrative, or of every narrative')
    .option('--no-flags', 'the narrative without its sightings')
    .option('--recipient <org>', 'the one organisation an AMBER+STRICT narrative is for')
    .action(async (opts: { group: string; narrative?: string; confirmedFlags?: boolean; flags: boolean; recipient?: string }) => {
      const config = loadConfig();
      await withDb(async (db) => {
        const identity = await instanceIdentity(db, config);
        const narratives = opts.narrative ? [opts.narrative]
          : opts.confirmedFlags ? (await narrativeRepository.listCurrentFingerprints(db, { status: 'active' })).map((n) => n.id) : [];
        if (narratives.length === 0) throw new NarmonError('invalid-argument', 'give --narrative <id> or --confirmed-flags');
        for (const narrativeId of narratives) {
          const r = await publishNarrativeToGroup(db, {
            groupId: opts.group, narrativeId, includeConfirmedFlags: opts.flags, flagsOnly: !!opts.confirmedFlags,
            recipientOrganization: opts.recipient ?? null, publishedBy: 'cli', identity,
          });
          const counts = Object.entries(r.countsByType).map(([k, v]) => `${k}=${v}`).join(' ');
          console.log(`${narrativeId} -> ${r.groupId} TLP:${r.tlp.toUpperCase()}: ${r.added.length} added, ${r.unchanged.length} unchanged (${counts})`);
        }
      });
    });
}
