import type { Request, RequestHandler, Response } from 'express';
import { apiKeyRepository, type Principal, type Role } from '@narmon/shared/db';
import type { ApiDeps } from '../deps.js';
import { sendProblem } from './problem.js';

export type { Principal, Role } from '@narmon/shared/db';

declare module 'express-serve-static-core' {
  interface Request {
    /** The authenticated key's principal, set by `authenticate`. */
    principal?: Principal;
  }
}

/** The key from `Authorization: Bearer <key>` or HTTP Basic (any user name, the key as password). */
export function keyFromAuthorization(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!scheme || !value) return undefined;
  if (scheme.toLowerCase() === 'bearer') return value;
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}

function unauthorized(_req: Request, res: Response, detail: string): void {
  res.setHeader('WWW-Authenticate', 'Bearer realm="narmon", Basic realm="narmon"');
  sendProblem(res, 401, 'Unauthorized', detail);
}

/** Requires a valid, unrevoked API key; 401 problem+json (with WWW-Authenticate) otherwise. */
export function authenticate(deps: ApiDeps, options: { onUnauthorized?: (req: Request, res: Response) => void } = {}): RequestHandler {
  return async (req, res, next) => {
    const key = keyFromAuthorization(req.get('authorization'));
    const principal = key ? await apiKeyRepository.findActiveKeyByPlaintext(deps.db, key) : undefined;
    if (!principal) {
      if (options.onUnauthorized) return options.onUnauthorized(req, res);
      return unauthorized(req, res, key ? 'the API key is not valid or has been revoked' : 'an API key is required (Authorization: Bearer <key>)');
    }
    req.principal = principal;
    next();
  };
}

/** 403 unless the authenticated principal has one of the roles (use after `authenticate`). */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, res, next) => {
    const role = req.principal?.role;
    if (!role) return unauthorized(req, res, 'an API key is required (Authorization: Bearer <key>)');
    if (!roles.includes(role)) {
      return sendProblem(res, 403, 'Forbidden', `the ${role} role may not do this (needs ${roles.join(' or ')})`);
    }
    next();
  };
}
