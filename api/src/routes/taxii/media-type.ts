import type { NextFunction, Request, Response } from 'express';

export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';

/** True for `application/taxii+json` with version 2.1 or no version (= the latest, 2.1). */
export function isTaxiiMediaType(range: string): boolean {
  const [type, ...params] = range.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/taxii+json') return false;
  const version = params.find((p) => p.startsWith('version='))?.slice('version='.length).replace(/"/g, '');
  return version === undefined || version === '2.1';
}

export function acceptsTaxii(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((range) => isTaxiiMediaType(range));
}

/** A TAXII 2.1 error message (section 3.6.1), in TAXII's own media type. */
export function sendTaxiiError(res: Response, status: number, title: string, description?: string): void {
  res.status(status).setHeader('Content-Type', TAXII_MEDIA_TYPE);
  res.end(JSON.stringify({ title, ...(description ? { description } : {}), http_status: String(status) }));
}

export function sendTaxii(res: Response, status: number, body: unknown): void {
  res.status(status).setHeader('Content-Type', TAXII_MEDIA_TYPE);
  res.end(JSON.stringify(body));
}

/** 406 unless the client accepts the TAXII 2.1 media type. */
export function requireTaxiiAccept(req: Request, res: Response, next: NextFunction): void {
  if (!acceptsTaxii(req.get('accept'))) return sendTaxiiError(res, 406, 'Not Acceptable', `send Accept: ${TAXII_MEDIA_TYPE}`);
  next();
}
