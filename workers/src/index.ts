export * from './queues/index.js';
export * from './scheduler/index.js';
export * from './fetch/index.js';
export { startWorkerRuntime, type WorkerRuntime } from './runtime.js';
