export * from './common.js';
export * from './flags.js';
export * from './narratives.js';
export * from './items.js';
export * from './keys.js';
export * from './feeds.js';
export * from './sharing.js';
export { buildApiRegistry, buildOpenApiDocument } from './openapi.js';
