import type { Command } from 'commander';

/** `narmon migrate|serve|worker|demo` (wired in the foundation). */
export function registerServiceCommands(_program: Command): void {}
