export * from './config/index.js';
export * from './fingerprint/index.js';
export * from './feed/index.js';
export * from './jobs/index.js';
export * from './sharing/index.js';
