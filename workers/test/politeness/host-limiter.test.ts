import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Redis } from 'ioredis';
import { createHostLimiter } from '../../src/politeness/host-limiter.js';
import { deleteKeysWithPrefix, TEST_REDIS_URL, testQueuePrefix } from '../../../test/support/redis.js';

let redis: Redis;
const prefix = testQueuePrefix();
beforeAll(() => { redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null }); });
afterAll(async () => {
  await deleteKeysWithPrefix(prefix, redis);
  await redis.quit();
});

describe('per-host limiter (real Redis)', () => {
  test('a second start within the gap waits; different hosts do not wait for each other', async () => {
    const limiter = createHostLimiter(redis, { prefix, maxInFlight: 2, minGapMs: 5000 });
    const a = await limiter.acquire('https://news.example.org/feed1');
    expect(a.go).toBe(true);
    const b = await limiter.acquire('https://NEWS.example.org:443/feed2');
    expect(b.go).toBe(false);
    if (!b.go) {
      expect(b.retryInMs).toBeGreaterThan(4000);
      expect(b.retryInMs).toBeLessThanOrEqual(5000);
    }
    const other = await limiter.acquire('https://other.example.org/feed');
    expect(other.go).toBe(true);
  });

  test('at most two in flight per host; a release frees a slot', async () => {
    const limiter = createHostLimiter(redis, { prefix: `${prefix}:b`, maxInFlight: 2, minGapMs: 0 });
    const s1 = await limiter.acquire('https://h.example.org/1');
    const s2 = await limiter.acquire('https://h.example.org/2');
    const s3 = await limiter.acquire('https://h.example.org/3');
    expect([s1.go, s2.go, s3.go]).toEqual([true, true, false]);
    if (s1.go) await s1.release();
    const s4 = await limiter.acquire('https://h.example.org/4');
    expect(s4.go).toBe(true);
  });

  test('a lease a crashed worker never released expires', async () => {
    const limiter = createHostLimiter(redis, { prefix: `${prefix}:c`, maxInFlight: 1, minGapMs: 0, leaseMs: 300 });
    expect((await limiter.acquire('https://c.example.org/')).go).toBe(true);
    expect((await limiter.acquire('https://c.example.org/')).go).toBe(false);
    await new Promise((r) => setTimeout(r, 400));
    expect((await limiter.acquire('https://c.example.org/')).go).toBe(true);
  });
});
