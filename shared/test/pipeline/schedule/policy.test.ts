import { describe, expect, test } from '@jest/globals';
import { MAX_INTERVAL_MS, MIN_INTERVAL_MS, nextPollInterval, nextSchedule, unconditionalFetchDue, type ScheduleState } from '../../../src/pipeline/schedule/index.js';

const HOUR = 3_600_000;
const mid = () => 0.5; // no jitter
const fresh: ScheduleState = { defaultIntervalMs: HOUR, newItemsPerHour: null, failureWeight: 0, consecutiveFailures: 0 };

describe('schedule policy', () => {
  test('busy feeds are polled often, quiet ones rarely, within 5 min .. 24 h', () => {
    expect(nextPollInterval(fresh, { kind: 'success', newItems: 3, sinceLastPollMs: null }, mid)).toBe(HOUR);
    expect(nextPollInterval(fresh, { kind: 'success', newItems: 60, sinceLastPollMs: HOUR }, mid)).toBe(MIN_INTERVAL_MS);
    expect(nextPollInterval(fresh, { kind: 'success', newItems: 2, sinceLastPollMs: HOUR }, mid)).toBe(HOUR / 2);
    expect(nextPollInterval(fresh, { kind: 'not-modified', sinceLastPollMs: HOUR }, mid)).toBe(MAX_INTERVAL_MS);
  });

  test('failures back off linearly by weight (hard 1, soft 0.5), capped at 24 h; a success resets', () => {
    let s: ScheduleState = fresh;
    const seen: number[] = [];
    for (const code of ['http-4xx', 'not-a-feed', 'timeout', 'timeout']) {
      const n = nextSchedule(s, { kind: 'failure', code }, mid);
      seen.push(n.intervalMs / HOUR);
      s = { ...s, failureWeight: n.failureWeight, consecutiveFailures: n.consecutiveFailures };
    }
    expect(seen).toEqual([1, 2, 2.5, 3]);
    for (let i = 0; i < 60; i++) s = { ...s, failureWeight: nextSchedule(s, { kind: 'failure', code: 'http-5xx' }, mid).failureWeight };
    expect(nextPollInterval(s, { kind: 'failure', code: 'http-5xx' }, mid)).toBe(MAX_INTERVAL_MS);
    expect(nextSchedule(s, { kind: 'success', newItems: 1, sinceLastPollMs: HOUR }, mid)).toMatchObject({ failureWeight: 0, consecutiveFailures: 0 });
  });

  test('a pinned interval is kept whatever the rate; failures still back off from it', () => {
    const pinned: ScheduleState = { ...fresh, defaultIntervalMs: 10 * 60_000, pinned: true };
    // 60 new items an hour would call for 5 min, none for 24 h: the pinned 10 min holds, the rate is still tracked.
    const busy = nextSchedule(pinned, { kind: 'success', newItems: 60, sinceLastPollMs: HOUR }, mid);
    expect(busy).toMatchObject({ intervalMs: 10 * 60_000, newItemsPerHour: 60 });
    expect(nextPollInterval({ ...pinned, newItemsPerHour: 0 }, { kind: 'not-modified', sinceLastPollMs: 6 * HOUR }, mid)).toBe(10 * 60_000);
    expect(nextPollInterval({ ...pinned, failureWeight: 2 }, { kind: 'failure', code: 'http-4xx' }, mid)).toBe(30 * 60_000);
    expect(nextPollInterval(pinned, { kind: 'failure', code: 'rate-limited', retryAfterMs: HOUR }, mid)).toBe(HOUR);
  });

  test('Retry-After is a floor; jitter stays within 10 %', () => {
    expect(nextPollInterval(fresh, { kind: 'failure', code: 'rate-limited', retryAfterMs: 3 * HOUR }, mid)).toBe(3 * HOUR);
    expect(nextPollInterval(fresh, { kind: 'success', newItems: 1, sinceLastPollMs: null }, () => 0)).toBeCloseTo(0.9 * HOUR, -1);
    expect(nextPollInterval(fresh, { kind: 'success', newItems: 1, sinceLastPollMs: null }, () => 1)).toBeCloseTo(1.1 * HOUR, -1);
  });

  test('an unconditional fetch is due once a day', () => {
    const now = new Date('2024-01-02T00:00:00Z');
    expect(unconditionalFetchDue(null, now)).toBe(true);
    expect(unconditionalFetchDue(new Date('2024-01-01T01:00:00Z'), now)).toBe(false);
    expect(unconditionalFetchDue(new Date('2024-01-01T00:00:00Z'), now)).toBe(true);
  });
});
