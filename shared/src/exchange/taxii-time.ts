// TAXII timestamps with microseconds. JS Dates keep milliseconds only, so date_added and versions
// travel as integer microseconds since the epoch (below 2^53 until the year 2255).

const TAXII_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/;

/** Microseconds since the epoch of an RFC 3339 UTC timestamp, or undefined when it is not one. */
export function timestampToMicros(text: string): number | undefined {
  const m = TAXII_TIMESTAMP.exec(text);
  if (!m) return undefined;
  const seconds = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(seconds)) return undefined;
  const fraction = (m[2] ?? '').padEnd(6, '0').slice(0, 6);
  return seconds * 1000 + Number(fraction);
}

/** RFC 3339 UTC with six fractional digits, e.g. 2026-03-01T10:00:00.123456Z. */
export function microsToTimestamp(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString(); // ...ss.mmmZ
  const extra = String(micros - ms * 1000).padStart(3, '0');
  return `${iso.slice(0, -1)}${extra}Z`;
}

/** The `next` token: opaque to clients, the date_added (µs) of the last object handed out. */
export function encodeNextToken(lastDateAddedMicros: number): string {
  return Buffer.from(`n1:${lastDateAddedMicros}`, 'utf8').toString('base64url');
}

export function decodeNextToken(token: string): number | undefined {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const m = /^n1:(\d{1,17})$/.exec(text);
  return m ? Number(m[1]) : undefined;
}
