import { Option, type Command } from 'commander';
import { SHARING_GROUP_ID, TLP_LEVELS, type Tlp } from '@narmon/schemas';
import { NarmonError } from '@narmon/shared';
import { sharingGroupRepository, narrativeRepository, type Db } from '@narmon/shared/db';
import { ExchangeError, instanceIdentity, publishNarrativeToGroup } from '@narmon/shared/exchange';
import { withDatabase } from '../with-database.js';


const tlpOption = (flag: string, description: string) => new Option(flag, description).choices([...TLP_LEVELS]);
const TLP = (t: Tlp) => `TLP:${t.toUpperCase()}`;

async function requireGroup(db: Db, id: string): Promise<sharingGroupRepository.SharingGroup> {
  const g = await sharingGroupRepository.findSharingGroup(db, id);
  if (!g) throw new NarmonError('unknown-group', `no sharing group "${id}" (narmon groups list shows them)`);
  return g;
}

/** `narmon groups create|add-member|remove-member|list` and `narmon publish`: partner exchange over TAXII 2.1. */
export function registerExchangeCommands(program: Command): void {
  // A mistyped option gets its one-line error, not a screen of help (subcommands inherit this).
  const groups = program.command('groups').showHelpAfterError(false)
    .description('sharing groups: one TAXII collection each, with a maximum TLP and member organisations');

  groups.command('create')
    .description('create a sharing group (its TAXII collection id is printed); the same settings again change nothing')
    .argument('<id>', 'a lowercase slug such as lv-jp-stratcom')
    .requiredOption('--title <title>', 'the collection title partners see')
    .addOption(tlpOption('--max-tlp <tlp>', 'the highest TLP the group may ever receive').makeOptionMandatory())
    .option('--description <text>')
    .action(async (id: string, opts: { title: string; maxTlp: Tlp; description?: string }) => {
      if (!SHARING_GROUP_ID.test(id)) throw new NarmonError('invalid-argument', `"${id}" is not a group id: use a lowercase slug such as lv-jp-stratcom`);
      if (!opts.title.trim()) throw new NarmonError('invalid-argument', '--title must not be empty');
      const { group, existed } = await withDatabase(async (db) => {
        const existing = await sharingGroupRepository.findSharingGroup(db, id);
        if (existing) {
          if (existing.title !== opts.title || existing.maxTlp !== opts.maxTlp) {
            throw new NarmonError('group-exists', `sharing group "${id}" exists with title "${existing.title}" and max ${TLP(existing.maxTlp)}`);
          }
          return { group: existing, existed: true };
        }
        return { group: await sharingGroupRepository.createSharingGroup(db, { id, title: opts.title, maxTlp: opts.maxTlp, description: opts.description ?? null }), existed: false };
      });
      console.log(`${group.id}\tcollection ${group.collectionId}\tmax ${TLP(group.maxTlp)}${existed ? '\t(exists)' : ''}`);
    });

  groups.command('add-member')
    .description('add a partner organisation (as on its partner API keys) or change its clearance')
    .argument('<group>')
    .argument('<organization>', 'the organisation named on the partner\'s API keys')
    .addOption(tlpOption('--clearance <tlp>', 'the highest TLP this partner may see in the group').makeOptionMandatory())
    .action(async (group: string, organization: string, opts: { clearance: Tlp }) => {
      if (!organization.trim()) throw new NarmonError('invalid-argument', 'the organisation must not be empty');
      const g = await withDatabase(async (db) => {
        const found = await requireGroup(db, group);
        await sharingGroupRepository.upsertMember(db, found.id, { organization, clearance: opts.clearance });
        return found;
      });
      // The group maximum caps every member: say so when the clearance is above it.
      const capped = TLP_LEVELS.indexOf(opts.clearance) > TLP_LEVELS.indexOf(g.maxTlp) ? ` (sees at most ${TLP(g.maxTlp)}, the group maximum)` : '';
      console.log(`${organization} in ${g.id}, cleared ${TLP(opts.clearance)}${capped}`);
    });

  groups.command('remove-member')
    .description('remove a partner organisation from a group')
    .argument('<group>').argument('<organization>')
    .action(async (group: string, organization: string) => {
      await withDatabase(async (db) => {
        const g = await requireGroup(db, group);
        if (!(await sharingGroupRepository.removeMember(db, g.id, organization))) {
          throw new NarmonError('unknown-member', `${organization} is not a member of ${g.id}`);
        }
      });
      console.log(`${organization} removed from ${group}`);
    });

  groups.command('list')
    .description('every sharing group: id, collection id, maximum TLP, members (clearance)')
    .option('--json', 'one JSON object a line')
    .action(async (opts: { json?: boolean }) => {
      for (const g of await withDatabase((db) => sharingGroupRepository.listSharingGroups(db))) {
        if (opts.json) console.log(JSON.stringify(g));
        else console.log([g.id, g.collectionId, TLP(g.maxTlp), g.members.map((m) => `${m.organization}(${m.clearance})`).join(',') || '-'].join('\t'));
      }
    });

  program.command('publish').showHelpAfterError(false)
    .description('publish a narrative and/or its confirmed flags to a sharing group\'s TAXII collection')
    .requiredOption('--group <group>', 'the sharing group')
    .option('--narrative <id>', 'the narrative to publish (with its confirmed flags unless --no-flags)')
    .option('--confirmed-flags', 'publish only the confirmed flags (sightings) of --narrative, or of every active narrative')
    .option('--no-flags', 'the narrative without its sightings')
    .option('--recipient <org>', 'the one organisation an AMBER+STRICT narrative is for')
    .action(async (opts: { group: string; narrative?: string; confirmedFlags?: boolean; flags: boolean; recipient?: string }) => {
      if (opts.confirmedFlags && !opts.flags) throw new NarmonError('invalid-argument', '--confirmed-flags and --no-flags contradict each other');
      if (!opts.narrative && !opts.confirmedFlags) throw new NarmonError('invalid-argument', 'give --narrative <id> or --confirmed-flags');
      await withDatabase(async (db, config) => {
        await requireGroup(db, opts.group);
        const identity = await instanceIdentity(db, config);
        const bulk = !opts.narrative;
        const narratives = opts.narrative ? [opts.narrative]
          : (await narrativeRepository.listCurrentFingerprints(db, { status: 'active' })).map((n) => n.id);
        let published = 0;
        for (const narrativeId of narratives) {
          try {
            const r = await publishNarrativeToGroup(db, {
              groupId: opts.group, narrativeId, includeConfirmedFlags: opts.flags, flagsOnly: !!opts.confirmedFlags,
              recipientOrganization: opts.recipient ?? null, publishedBy: 'cli', identity,
            });
            const counts = Object.entries(r.countsByType).map(([k, v]) => `${k}=${v}`).join(' ');
            console.log(`${narrativeId} -> ${r.groupId} ${TLP(r.tlp)}: ${r.added.length} added, ${r.unchanged.length} unchanged (${counts})`);
            published += 1;
          } catch (err) {
            // Publishing every narrative's flags skips those that may not go (RED, no flags) and says so.
            if (!bulk || !(err instanceof ExchangeError) || (err.code !== 'tlp-refused' && err.code !== 'nothing-to-publish')) throw err;
            console.error(`narmon: skipped: ${err.message}`);
          }
        }
        if (bulk && published === 0) throw new NarmonError('nothing-to-publish', `no active narrative has confirmed flags that may go to ${opts.group}`);
      });
    });
}
