import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { buildOpenApiDocument } from '@narmon/schemas/api';

/** /openapi.json (generated from the zod schemas) and rendered docs at /docs; both open. */
export function openApiRouter(): Router {
  const r = Router();
  const doc = buildOpenApiDocument();
  r.get('/openapi.json', (_req, res) => { res.json(doc); });
  r.use('/docs', swaggerUi.serveFiles(doc as object), swaggerUi.setup(doc as object, { customSiteTitle: 'narmon analyst API' }));
  return r;
}
