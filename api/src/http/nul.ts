import type { RequestHandler } from 'express';
import { sendProblem } from './problem.js';

/** The path of the first string (or key) holding a NUL character, which PostgreSQL text and jsonb cannot store. */
export function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (depth > 64) return undefined;
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(body)' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findNul(value[i], path ? `${path}.${i}` : String(i), depth + 1);
      if (p) return p;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = k.includes('\u0000') ? (path ? `${path}.${k}` : k) : findNul(v, path ? `${path}.${k}` : k, depth + 1);
      if (p) return p;
    }
  }
  return undefined;
}

export const rejectNulCharacters: RequestHandler = (req, res, next) => {
  const field = findNul(req.query, '') ?? findNul(req.body, '') ?? findNul(req.params, '');
  if (field) {
    return sendProblem(res, 400, 'Invalid request', 'one or more fields are invalid', {
      errors: [{ field: field.replace(/\u0000/g, '\\u0000'), message: 'must not contain a NUL character' }],
    });
  }
  next();
};
