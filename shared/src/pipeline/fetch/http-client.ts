import dns from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { Agent } from 'undici';
import { blockedAddressReason, type Allowlist } from './ssrf.js';

/** A dns.lookup-compatible resolver; tests inject one to simulate DNS without the network. */
export type LookupFunction = (
  hostname: string,
  options: LookupOptions,
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/** Raised inside the connector when a resolved address is refused; fetchFeed maps it to FeedError. */
export class BlockedAddressError extends Error {
  readonly code = 'ERR_NARMON_BLOCKED_ADDRESS';
  constructor(readonly hostname: string, readonly reason: string) {
    super(`refused to connect to ${hostname}: ${reason}`);
  }
}

/**
 * A lookup that resolves every address of the host and refuses the connection when any of
 * them is in a blocked class. The socket then connects to the address that was checked, so a
 * second DNS answer (rebinding) cannot slip in between check and connect.
 */
export function guardedLookup(allow: Allowlist, resolve: LookupFunction = dns.lookup as unknown as LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const list = (Array.isArray(addresses) ? addresses : [{ address: addresses as string, family: 4 }]) as LookupAddress[];
      if (list.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
      for (const a of list) {
        const reason = blockedAddressReason(a.address, allow, hostname);
        if (reason) return callback(new BlockedAddressError(hostname, reason) as unknown as NodeJS.ErrnoException, '');
      }
      if (options.all) return callback(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

export interface GuardedAgentOptions {
  connectTimeoutMs: number;
  allow: Allowlist;
  lookup?: LookupFunction;
}

/** An undici dispatcher whose every new connection goes through the guarded lookup. */
export function createGuardedAgent(o: GuardedAgentOptions): Agent {
  return new Agent({
    connect: { timeout: o.connectTimeoutMs, lookup: guardedLookup(o.allow, o.lookup) as never },
    // undici follows no redirects by itself: redirects.ts follows them so every hop is checked.
    connections: 2,
  });
}
