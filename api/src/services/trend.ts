export type Bucket = 'hour' | 'day' | 'week';

const HOUR = 3600_000;
const STEP: Record<Bucket, number> = { hour: HOUR, day: 24 * HOUR, week: 7 * 24 * HOUR };
export const TREND_DEFAULT_SPAN_MS: Record<Bucket, number> = { hour: 2 * 24 * HOUR, day: 30 * 24 * HOUR, week: 365 * 24 * HOUR };
export const TREND_MAX_BUCKETS = 2000;

/** The start of the UTC bucket holding t, as PostgreSQL's date_trunc does it (weeks start on Monday). */
export function truncate(bucket: Bucket, t: Date): Date {
  const d = new Date(t.getTime());
  d.setUTCMinutes(0, 0, 0);
  if (bucket === 'hour') return d;
  d.setUTCHours(0);
  if (bucket === 'day') return d;
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - sinceMonday * 24 * HOUR);
}

export function bucketCount(bucket: Bucket, since: Date, until: Date): number {
  return Math.ceil((until.getTime() - truncate(bucket, since).getTime()) / STEP[bucket]);
}

const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');

/** Every bucket of the range, empty ones included, so a chart needs no gap filling. */
export function fillTrendBuckets(bucket: Bucket, since: Date, until: Date, rows: Array<{ start: string; language: string; feed_id: number; n: number }>) {
  const byStart = new Map<string, { start: string; total: number; byLanguage: Record<string, number>; byFeed: Record<string, number> }>();
  for (let t = truncate(bucket, since).getTime(); t < until.getTime(); t += STEP[bucket]) {
    const start = iso(new Date(t));
    byStart.set(start, { start, total: 0, byLanguage: {}, byFeed: {} });
  }
  for (const r of rows) {
    const b = byStart.get(r.start);
    if (!b) continue;
    b.total += r.n;
    b.byLanguage[r.language] = (b.byLanguage[r.language] ?? 0) + r.n;
    b.byFeed[String(r.feed_id)] = (b.byFeed[String(r.feed_id)] ?? 0) + r.n;
  }
  return [...byStart.values()];
}
