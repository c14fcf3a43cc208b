import type { Command } from 'commander';

/** `narmon exchange ...` (filled in by its own issue). */
export function registerExchangeCommands(_program: Command): void {}
