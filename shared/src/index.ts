export * from './errors/index.js';
export * from './config/index.js';
export * from './log/index.js';
export * from './pipeline/types.js';
