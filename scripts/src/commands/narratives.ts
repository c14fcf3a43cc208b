import type { Command } from 'commander';

/** `narmon narratives ...` (filled in by its own issue). */
export function registerNarrativesCommands(_program: Command): void {}
