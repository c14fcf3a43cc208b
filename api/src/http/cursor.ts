import { HttpProblem } from './problem.js';

/** Opaque page cursors: base64url JSON bound to the sort they were made for. */
export function encodeCursor(payload: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch { /* fall through */ }
  throw invalidCursor();
}

export function invalidCursor(): HttpProblem {
  return new HttpProblem(400, 'Invalid request', 'one or more fields are invalid', {
    errors: [{ field: 'cursor', message: 'is not a cursor of this query (use nextCursor of the previous page, with the same sort)' }],
  });
}
