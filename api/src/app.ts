import express, { type Express } from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import type { Logger } from '@narmon/shared';
import type { ApiDeps } from './deps.js';
import { authenticate, requireRole } from './http/auth.js';
import { errorHandler, sendProblem } from './http/problem.js';
import { createKeyRateLimiter } from './http/rate-limit.js';
import { rejectNulCharacters } from './http/nul.js';
import { feedsRouter } from './routes/feeds.js';
import { flagsRouter } from './routes/flags.js';
import { healthRouter } from './routes/health.js';
import { itemsRouter } from './routes/items.js';
import { keysRouter } from './routes/keys.js';
import { narrativesRouter } from './routes/narratives.js';
import { openApiRouter } from './routes/openapi.js';
import { statsRouter } from './routes/stats.js';
import { taxiiRouter } from './routes/taxii/index.js';
import { sharingGroupsRouter } from './routes/sharing-groups.js';
import { partnerObjectsRouter } from './routes/partner-objects.js';

declare module 'http' {
  interface IncomingMessage { id?: string }
}
declare module 'express-serve-static-core' {
  interface Request {
    /** The API logger bound to this request's id: every line it writes carries reqId. */
    log?: Logger;
  }
}

/** The analyst API as an Express app; `server.ts` only wires dependencies and listens. Call `closeApp` on shutdown. */
export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', req.id);
    req.log = deps.log.child({ reqId: req.id });
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      req.log!.info({
        method: req.method, path: req.path, status: res.statusCode, keyId: req.principal?.keyId,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      }, 'request');
    });
    next();
  });
  app.use(helmet({
    // swagger-ui at /docs needs inline styles and data: images; scripts stay same-origin.
    contentSecurityPolicy: { directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] } },
  }));

  app.use('/', healthRouter(deps));
  app.use('/', openApiRouter());

  // Everything under /v1 needs a key; health and the OpenAPI document stay open.
  const rateLimiter = createKeyRateLimiter(deps);
  app.locals.closeResources = [rateLimiter.close];
  // Bodies are parsed only once the key is known and within its budget.
  const keyed = [authenticate(deps), rateLimiter.middleware, express.json({ limit: deps.config.API_BODY_LIMIT }), rejectNulCharacters];
  const analyst = requireRole('admin', 'analyst');
  app.use('/v1/flags', ...keyed, analyst, flagsRouter(deps));
  app.use('/v1/narratives', ...keyed, analyst, narrativesRouter(deps));
  app.use('/v1/items', ...keyed, analyst, itemsRouter(deps));
  app.use('/v1/stats', ...keyed, analyst, statsRouter(deps));
  app.use('/v1/keys', ...keyed, requireRole('admin'), keysRouter(deps));
  // Partner exchange: TAXII 2.1 answers in its own media type and error objects (its own auth failure handler).
  app.use('/taxii2', taxiiRouter(deps, { rateLimiter }));
  app.use('/v1/sharing-groups', ...keyed, analyst, sharingGroupsRouter(deps));
  app.use('/v1/partner-objects', ...keyed, analyst, partnerObjectsRouter(deps));
  app.use('/v1/feeds', ...keyed, analyst, feedsRouter(deps));

  app.use((req, res) => sendProblem(res, 404, 'Not found', `no route for ${req.method} ${req.path}`));
  app.use(errorHandler(deps.log));
  return app;
}

/** Releases what createApp opened (the rate limiter's Redis connection). */
export async function closeApp(app: Express): Promise<void> {
  const closers = (app.locals.closeResources ?? []) as Array<() => Promise<void>>;
  await Promise.all(closers.map((c) => c()));
}
