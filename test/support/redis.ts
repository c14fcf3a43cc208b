import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A hash-tagged prefix of its own for one test file, so files never see each other's queues. */
export function testQueuePrefix(): string {
  return `{narmon-test-${process.pid}-${randomBytes(4).toString('hex')}}`;
}

/**
 * Deletes every key under a test prefix from the shared Redis (the end of a test file, or a
 * "Redis came back empty" scenario), on the given connection or a short-lived one of its own.
 */
export async function deleteKeysWithPrefix(prefix: string, connection?: Redis): Promise<void> {
  const redis = connection ?? new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    if (!connection) await redis.quit();
  }
}
