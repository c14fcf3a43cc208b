import type { ErrorRequestHandler, Response } from 'express';
import { ZodError } from 'zod';
import { NarmonError } from '@narmon/shared';

/** An RFC 9457 problem the API answers with; never a stack trace, never SQL text. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

export function sendProblem(res: Response, status: number, title: string, detail?: string, extra: Record<string, unknown> = {}): void {
  res.status(status).type('application/problem+json').json({
    type: `https://narmon.dev/problems/${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    title,
    status,
    ...(detail ? { detail } : {}),
    ...(res.req?.id ? { instance: `urn:narmon:request:${String(res.req.id)}` } : {}),
    ...extra,
  });
}

export function errorHandler(log: { error: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof HttpProblem) return sendProblem(res, err.status, err.title, err.detail, err.extra);
    if (err instanceof ZodError) {
      return sendProblem(res, 400, 'Invalid request', 'one or more fields are invalid', {
        errors: err.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })),
      });
    }
    // body-parser errors carry a status and a type; their messages are safe to show.
    const e = err as { status?: number; type?: string; message?: string; code?: unknown };
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      const title = e.type === 'entity.too.large' ? 'Payload too large'
        : e.type === 'entity.parse.failed' ? 'Malformed JSON'
        : e.status === 415 ? 'Unsupported media type' : 'Bad request';
      const detail = e.type === 'entity.parse.failed' ? 'the request body is not valid JSON'
        : e.status === 415 ? 'send the body as application/json in UTF-8' : undefined;
      return sendProblem(res, e.status, title, detail);
    }
    // PostgreSQL data exceptions (class 22: a value the database cannot hold, e.g. a NUL
    // character or an out-of-range time) are the client's: 400, without the driver's text.
    if (typeof e.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code)) {
      log.warn({ reqId: req.id, code: e.code }, 'request value rejected by the database');
      return sendProblem(res, 400, 'Invalid request', 'a value in the request cannot be stored or compared (e.g. a NUL character or an out-of-range number or time)');
    }
    if (err instanceof NarmonError && err.code === 'invalid-fingerprint') {
      return sendProblem(res, 422, 'Invalid fingerprint', err.message);
    }
    log.error({ err, reqId: req.id }, 'unhandled API error');
    return sendProblem(res, 500, 'Internal error', 'the request failed; the request id names it in the server log');
  };
}
