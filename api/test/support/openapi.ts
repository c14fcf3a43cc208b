import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Express } from 'express';
import request from 'supertest';

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };

const DOC_ID = 'https://narmon.test/openapi.json';
const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Checks responses against the OpenAPI document the app itself serves: the status must be
 * documented for the route and the body must validate (ajv, JSON Schema 2020-12 as in OAS 3.1).
 */
export class ResponseValidator {
  private constructor(private readonly doc: Doc, private readonly ajv: Ajv2020) {}

  static async fromApp(app: Express): Promise<ResponseValidator> {
    const res = await request(app).get('/openapi.json');
    if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    ajv.addSchema({ ...res.body, $id: DOC_ID });
    return new ResponseValidator(res.body as Doc, ajv);
  }

  get document(): Doc { return this.doc; }

  /** Throws, naming the route and every schema error, when the response breaks the contract. */
  check(method: string, url: string, status: number, contentType: string | undefined, body: unknown): void {
    // Express routing is not strict: '/v1/flags/' is '/v1/flags'.
    const path = new URL(url, 'http://x').pathname.replace(/(.)\/$/, '$1');
    const template = Object.keys(this.doc.paths).find((p) => new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
    if (!template || !this.doc.paths[template]![method.toLowerCase()]) {
      // A path or method outside the API gets a 4xx problem (404, or 401/400 from the checks that run first), never anything else.
      if (status < 400 || status >= 500) throw new Error(`${method} ${path}: no such path in the OpenAPI document, yet answered ${status}`);
      const problem = this.ajv.getSchema(`${DOC_ID}#/components/schemas/Problem`) ?? this.ajv.compile({ $ref: `${DOC_ID}#/components/schemas/Problem` });
      if (!problem(body)) throw new Error(`${method} ${path} ${status}: not a problem document: ${this.ajv.errorsText(problem.errors)}`);
      return;
    }
    const op = this.doc.paths[template]![method.toLowerCase()];
    if (!op) throw new Error(`${method} ${template}: method not in the OpenAPI document`);
    const response = op.responses[String(status)] ?? op.responses.default;
    if (!response) throw new Error(`${method} ${template}: status ${status} not documented (body: ${JSON.stringify(body).slice(0, 300)})`);
    const type = (contentType ?? '').split(';')[0]!.trim();
    if (!response.content) return;
    if (!response.content[type]) throw new Error(`${method} ${template} ${status}: content type ${type} not documented`);
    const ref = `${DOC_ID}#/paths/${escapePointer(template)}/${method.toLowerCase()}/responses/${status in op.responses ? status : 'default'}/content/${escapePointer(type)}/schema`;
    const validate = this.ajv.getSchema(ref) ?? this.ajv.compile({ $ref: ref });
    if (!validate(body)) {
      throw new Error(`${method} ${path} ${status}: response does not match the OpenAPI schema: ${this.ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`);
    }
  }
}
