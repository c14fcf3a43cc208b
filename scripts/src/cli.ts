import { Command, CommanderError } from 'commander';
import { NarmonError } from '@narmon/shared';
import { registerDetectLanguageCommand } from './commands/detect-language.js';
import { registerMatchCommand } from './commands/match.js';
import { registerParseFeedCommand } from './commands/parse-feed.js';
import { registerServiceCommands } from './commands/services.js';
import { registerNarrativesCommands } from './commands/narratives.js';
import { registerFeedsCommands } from './commands/feeds.js';
import { registerKeysCommands } from './commands/keys.js';
import { registerExchangeCommands } from './commands/exchange.js';

const program = new Command('narmon')
  .description('disinformation-narrative monitoring: ingest feeds, detect language, match narrative fingerprints, share over TAXII')
  .version('0.1.0')
  .exitOverride()
  .showHelpAfterError();

registerParseFeedCommand(program);
registerDetectLanguageCommand(program);
registerMatchCommand(program);
registerServiceCommands(program);
registerNarrativesCommands(program);
registerFeedsCommands(program);
registerKeysCommands(program);
registerExchangeCommands(program);

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
