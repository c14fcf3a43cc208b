/**
 * Poll scheduling policy, as pure functions: the interval follows the feed's observed rate of
 * new items (5 min .. 24 h) unless the operator pinned it, failures back off linearly by a
 * weighted count (hard 1, soft 0.5), Retry-After is a floor, and jitter keeps feeds of one host
 * from polling in lockstep.
 */

export const MIN_INTERVAL_MS = 5 * 60_000;
export const MAX_INTERVAL_MS = 24 * 3_600_000;
/** At least one fetch without validators per this period (a stuck ETag must not hide news). */
export const UNCONDITIONAL_EVERY_MS = 24 * 3_600_000;
export const JITTER = 0.1;
const RATE_SMOOTHING = 0.5;

export type FailureKind = 'hard' | 'soft';

// Transient trouble on the other side: retry soon-ish. Everything else (404, not a feed,
// blocked address, too large) will not fix itself quickly.
const SOFT = new Set(['timeout', 'network', 'http-5xx', 'rate-limited', 'too-many-redirects']);

export function failureKind(code: string): FailureKind {
  return SOFT.has(code) ? 'soft' : 'hard';
}

export function failureWeightOf(code: string): number {
  return failureKind(code) === 'hard' ? 1 : 0.5;
}

export interface ScheduleState {
  /** The feed's configured interval (operator or default), used until a rate is observed. */
  defaultIntervalMs: number;
  /** The operator pinned defaultIntervalMs: it is kept whatever the rate (the rate is still tracked). */
  pinned?: boolean;
  /** Smoothed new items per hour; null before the first successful poll. */
  newItemsPerHour: number | null;
  failureWeight: number;
  consecutiveFailures: number;
}

export type PollResult =
  | { kind: 'success'; newItems: number; sinceLastPollMs: number | null }
  | { kind: 'not-modified'; sinceLastPollMs: number | null }
  | { kind: 'failure'; code: string; retryAfterMs?: number | null };

export interface NextSchedule {
  intervalMs: number;
  newItemsPerHour: number | null;
  failureWeight: number;
  consecutiveFailures: number;
}

export function clampInterval(ms: number): number {
  return Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, Math.round(ms)));
}

/** Smoothed new-item rate after one more observation. */
export function updateRate(previous: number | null, newItems: number, sinceLastPollMs: number | null): number | null {
  if (sinceLastPollMs === null || sinceLastPollMs <= 0) return previous;
  const observed = newItems / Math.max(sinceLastPollMs / 3_600_000, 1 / 60);
  return previous === null ? observed : RATE_SMOOTHING * observed + (1 - RATE_SMOOTHING) * previous;
}

/** The interval for a rate: aim at about one new item per poll. */
export function intervalForRate(rate: number | null, defaultIntervalMs: number): number {
  if (rate === null) return clampInterval(defaultIntervalMs);
  if (rate <= 0) return MAX_INTERVAL_MS;
  return clampInterval(3_600_000 / rate);
}

/** The interval before backoff: the pinned one, or the one the rate calls for. */
function baseInterval(state: ScheduleState, rate: number | null): number {
  return state.pinned ? clampInterval(state.defaultIntervalMs) : intervalForRate(rate, state.defaultIntervalMs);
}

function withJitter(ms: number, rng: () => number): number {
  return clampInterval(ms * (1 - JITTER + 2 * JITTER * rng()));
}

/** The whole next state after one poll. */
export function nextSchedule(state: ScheduleState, result: PollResult, rng: () => number = Math.random): NextSchedule {
  if (result.kind === 'failure') {
    const failureWeight = state.failureWeight + failureWeightOf(result.code);
    const base = baseInterval(state, state.newItemsPerHour);
    let interval = withJitter(base * Math.max(1, failureWeight), rng);
    if (result.retryAfterMs) interval = Math.min(MAX_INTERVAL_MS, Math.max(interval, result.retryAfterMs));
    return { intervalMs: interval, newItemsPerHour: state.newItemsPerHour, failureWeight, consecutiveFailures: state.consecutiveFailures + 1 };
  }
  const newItems = result.kind === 'success' ? result.newItems : 0;
  const rate = updateRate(state.newItemsPerHour, newItems, result.sinceLastPollMs);
  return { intervalMs: withJitter(baseInterval(state, rate), rng), newItemsPerHour: rate, failureWeight: 0, consecutiveFailures: 0 };
}

/** Milliseconds until the next poll (the shape the BullMQ scheduler wants). */
export function nextPollInterval(state: ScheduleState, result: PollResult, rng: () => number = Math.random): number {
  return nextSchedule(state, result, rng).intervalMs;
}

/** Whether this poll must go without validators. */
export function unconditionalFetchDue(lastUnconditionalAt: Date | null, now: Date): boolean {
  return !lastUnconditionalAt || now.getTime() - lastUnconditionalAt.getTime() >= UNCONDITIONAL_EVERY_MS;
}
