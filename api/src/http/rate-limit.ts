import type { RequestHandler, Response } from 'express';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { ApiDeps } from '../deps.js';
import { sendProblem } from './problem.js';

export interface KeyRateLimiter {
  middleware: RequestHandler;
  /** The same per-key budget, answering a limited request its own way (TAXII answers with a TAXII error object). */
  middlewareWith(onLimited: (res: Response, retryAfterSeconds: number, limit: number) => void): RequestHandler;
  close(): Promise<void>;
}

/**
 * Per-key limits (API_RATE_LIMIT_PER_MINUTE), shared by every API process through Redis; in
 * memory when no Redis is configured (embedded demo) and while Redis is unreachable.
 */
export function createKeyRateLimiter(deps: ApiDeps): KeyRateLimiter {
  const points = deps.config.API_RATE_LIMIT_PER_MINUTE;
  const memory = new RateLimiterMemory({ points, duration: 60, keyPrefix: 'narmon-api' });
  let redis: Redis | undefined;
  let limiter: RateLimiterAbstract = memory;
  if (deps.redis) {
    // No offline queue: a Redis outage falls through to the in-memory insurance limiter at once.
    redis = new Redis(deps.redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    redis.on('error', (err) => deps.log.warn({ err: err.message }, 'rate-limit redis error'));
    limiter = new RateLimiterRedis({ storeClient: redis, points, duration: 60, keyPrefix: `${deps.redis.prefix}:api-rate`, insuranceLimiter: memory });
  }
  const problem = (res: Response, retry: number) => sendProblem(res, 429, 'Too many requests', `this key may make ${points} requests a minute; retry in ${retry} s`);
  const middlewareWith = (onLimited: (res: Response, retryAfterSeconds: number, limit: number) => void): RequestHandler => async (req, res, next) => {
    const key = req.principal ? `key:${req.principal.keyId}` : `ip:${req.ip ?? 'unknown'}`;
    try {
      const r = await limiter.consume(key, 1);
      res.setHeader('RateLimit-Limit', String(points));
      res.setHeader('RateLimit-Remaining', String(r.remainingPoints));
      res.setHeader('RateLimit-Reset', String(Math.ceil(r.msBeforeNext / 1000)));
      next();
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        const retry = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
        res.setHeader('Retry-After', String(retry));
        res.setHeader('RateLimit-Limit', String(points));
        res.setHeader('RateLimit-Remaining', '0');
        return onLimited(res, retry, points);
      }
      next(err);
    }
  };
  return {
    middleware: middlewareWith(problem),
    middlewareWith,
    async close() {
      if (redis) await redis.quit().catch(() => redis?.disconnect());
    },
  };
}
