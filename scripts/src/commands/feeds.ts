import type { Command } from 'commander';

/** `narmon feeds ...` (filled in by its own issue). */
export function registerFeedsCommands(_program: Command): void {}
