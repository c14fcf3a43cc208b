import { randomBytes } from 'node:crypto';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A hash-tagged prefix of its own for one test file, so files never see each other's queues. */
export function testQueuePrefix(): string {
  return `{narmon-test-${process.pid}-${randomBytes(4).toString('hex')}}`;
}
