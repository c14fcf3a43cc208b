import type { Redis } from 'ioredis';

/**
 * Per-host politeness shared by every worker process: at most `maxInFlight` fetches of one
 * host at a time and at least `minGapMs` between two starts. State lives in Redis (one sorted
 * set of leases and one "last start" key per host), taken atomically in a Lua script that
 * reads Redis' own clock, so workers on different machines agree.
 */
export interface HostLimiterOptions {
  /** Key prefix, e.g. the queue prefix "{narmon}" (keys: <prefix>:host:<host>:...). */
  prefix: string;
  maxInFlight?: number;
  minGapMs?: number;
  /** A lease a crashed worker never released expires after this long. */
  leaseMs?: number;
}

export type HostSlot =
  | { go: true; host: string; token: string; release: () => Promise<void> }
  | { go: false; host: string; retryInMs: number };

// KEYS[1] leases zset (token -> expiry ms), KEYS[2] last start (ms)
// ARGV: token, maxInFlight, minGapMs, leaseMs
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local inflight = redis.call('ZCARD', KEYS[1])
if inflight >= tonumber(ARGV[2]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  local wait = 1000
  if first[2] then wait = math.min(wait, math.max(1, tonumber(first[2]) - now)) end
  return {0, wait}
end
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
local gap = tonumber(ARGV[3])
if now - last < gap then return {0, gap - (now - last)} end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]) + gap)
redis.call('SET', KEYS[2], now, 'PX', math.max(gap, 1000))
return {1, 0}
`;

/** The host part that politeness is counted by (lower case, no port, no "www."). */
export function hostKeyOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return url.toLowerCase();
  }
}

export interface HostLimiter {
  /** Takes a slot for the URL's host, or says how long to wait. Never blocks. */
  acquire(url: string): Promise<HostSlot>;
}

export function createHostLimiter(redis: Redis, o: HostLimiterOptions): HostLimiter {
  const maxInFlight = o.maxInFlight ?? 2;
  const minGapMs = o.minGapMs ?? 5000;
  const leaseMs = o.leaseMs ?? 120_000;
  return {
    async acquire(url) {
      const host = hostKeyOf(url);
      const leases = `${o.prefix}:host:${host}:leases`;
      const last = `${o.prefix}:host:${host}:last-start`;
      const token = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const [ok, wait] = (await redis.eval(ACQUIRE, 2, leases, last, token, maxInFlight, minGapMs, leaseMs)) as [number, number];
      if (ok !== 1) return { go: false, host, retryInMs: Number(wait) };
      let released = false;
      return {
        go: true, host, token,
        release: async () => {
          if (released) return;
          released = true;
          await redis.zrem(leases, token);
        },
      };
    },
  };
}
