import express, { type Express } from 'express';
import { randomUUID } from 'node:crypto';
import type { ApiDeps } from './deps.js';
import { authenticate, requireRole } from './http/auth.js';
import { errorHandler, sendProblem } from './http/problem.js';
import { flagsRouter } from './routes/flags.js';
import { healthRouter } from './routes/health.js';
import { narrativesRouter } from './routes/narratives.js';

declare module 'http' {
  interface IncomingMessage { id?: string }
}

/** The analyst API as an Express app; `server.ts` only wires dependencies and listens. */
export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', req.id);
    next();
  });
  app.use(express.json({ limit: deps.config.API_BODY_LIMIT }));

  app.use('/', healthRouter(deps));
  // Everything under /v1 needs a key; health and the OpenAPI document stay open.
  const requireKey = authenticate(deps);
  app.use('/v1/flags', requireKey, requireRole('admin', 'analyst'), flagsRouter(deps));
  app.use('/v1/narratives', requireKey, requireRole('admin', 'analyst'), narrativesRouter(deps));

  app.use((req, res) => sendProblem(res, 404, 'Not found', `no route for ${req.method} ${req.path}`));
  app.use(errorHandler(deps.log));
  return app;
}
