import type { Command } from 'commander';

/** `narmon keys ...` (filled in by its own issue). */
export function registerKeysCommands(_program: Command): void {}
