import ipaddr from 'ipaddr.js';

/**
 * Address classes a feed URL must never reach unless the operator allowlists them: the fetcher
 * runs inside the network it could otherwise be turned against (cloud metadata, Redis, admin UIs).
 */
const BLOCKED_RANGES = new Set([
  'unspecified', 'broadcast', 'multicast', 'linkLocal', 'loopback', 'carrierGradeNat', 'private', 'reserved',
  // IPv6
  'uniqueLocal', 'ipv4Mapped', 'rfc6145', 'rfc6052', '6to4', 'teredo', 'benchmarking', 'amt', 'as112v6', 'deprecated', 'orchid2', 'droneRemoteIdProtocolEntityTags',
]);

export interface Allowlist {
  hosts: Set<string>;
  ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
}

/** Parses config entries: hostnames, IPs or CIDRs ("127.0.0.1", "10.0.0.0/8", "feeds.intranet"). */
export function parseAllowlist(entries: readonly string[]): Allowlist {
  const hosts = new Set<string>();
  const ranges: Allowlist['ranges'] = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase().replace(/^\[|\]$/g, '');
    if (!entry) continue;
    if (entry.includes('/')) {
      try {
        ranges.push(ipaddr.parseCIDR(entry));
        continue;
      } catch { /* not a CIDR: treat as a host name */ }
    }
    if (ipaddr.isValid(entry)) {
      const ip = ipaddr.parse(entry);
      ranges.push([ip, ip.kind() === 'ipv4' ? 32 : 128]);
    } else {
      hosts.add(entry);
    }
  }
  return { hosts, ranges };
}

/** The range class of an address as ipaddr.js names it ("loopback", "private", "unicast", ...). */
export function addressClass(address: string): string {
  return ipaddr.parse(address).range();
}

function isAllowlisted(ip: ipaddr.IPv4 | ipaddr.IPv6, allow: Allowlist): boolean {
  for (const [range, bits] of allow.ranges) {
    if (range.kind() === ip.kind() && ip.match(range, bits)) return true;
    // An IPv4-mapped IPv6 address matches an IPv4 allowlist entry and the other way round.
    if (ip.kind() === 'ipv6' && range.kind() === 'ipv4' && (ip as ipaddr.IPv6).isIPv4MappedAddress()
      && (ip as ipaddr.IPv6).toIPv4Address().match(range, bits)) return true;
  }
  return false;
}

/**
 * Why an address is refused, or null when it may be reached. `hostname` is the name the URL
 * used: an allowlisted host name admits whatever it resolves to.
 */
export function blockedAddressReason(address: string, allow: Allowlist, hostname?: string): string | null {
  if (hostname && allow.hosts.has(hostname.toLowerCase().replace(/^\[|\]$/g, ''))) return null;
  if (!ipaddr.isValid(address)) return `not an IP address: ${address}`;
  const ip = ipaddr.parse(address);
  if (isAllowlisted(ip, allow)) return null;
  const range = ip.range();
  if (BLOCKED_RANGES.has(range)) return `${address} is ${range}`;
  return null;
}

/** True for a host that is an IP literal (net.connect skips DNS for those, so check them up front). */
export function isIpLiteral(hostname: string): boolean {
  return ipaddr.isValid(hostname.replace(/^\[|\]$/g, ''));
}
