import { Command, CommanderError } from 'commander';
import { NarmonError } from '@narmon/shared';

type Register = (program: Command) => void;

/**
 * Each command family is imported only when it is the one being run: the language models
 * (eld loads ~190 MB of n-grams), the API and the workers are not loaded for `narmon keys list`.
 * `--help` and unknown commands load them all.
 */
const COMMAND_FAMILIES: Array<{ commands: string[]; load: () => Promise<Register> }> = [
  { commands: ['parse-feed'], load: async () => (await import('./commands/parse-feed.js')).registerParseFeedCommand },
  { commands: ['detect-language'], load: async () => (await import('./commands/detect-language.js')).registerDetectLanguageCommand },
  { commands: ['match'], load: async () => (await import('./commands/match.js')).registerMatchCommand },
  { commands: ['migrate', 'serve', 'worker', 'healthcheck', 'ingest', 'demo'], load: async () => (await import('./commands/services.js')).registerServiceCommands },
  { commands: ['narratives'], load: async () => (await import('./commands/narratives.js')).registerNarrativesCommands },
  { commands: ['feeds'], load: async () => (await import('./commands/feeds.js')).registerFeedsCommands },
  { commands: ['keys'], load: async () => (await import('./commands/keys.js')).registerKeysCommands },
  { commands: ['groups', 'publish'], load: async () => (await import('./commands/exchange.js')).registerExchangeCommands },
];

const program = new Command('narmon')
  .description('disinformation-narrative monitoring: ingest feeds, detect language, match narrative fingerprints, share over TAXII')
  .version('0.1.0')
  .exitOverride()
  .showHelpAfterError();

const requested = process.argv.slice(2).find((a) => !a.startsWith('-'));
const family = COMMAND_FAMILIES.find((f) => requested !== undefined && f.commands.includes(requested));
for (const f of family ? [family] : COMMAND_FAMILIES) (await f.load())(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exit(err.exitCode === 0 ? 0 : 2);
  }
  // Known failures print one line naming the problem; anything else is a bug and keeps its stack.
  if (err instanceof NarmonError) {
    console.error(`narmon: ${err.message}`);
    process.exit(err.code === 'invalid-config' || err.code === 'invalid-fingerprint' ? 2 : 1);
  }
  throw err;
}
