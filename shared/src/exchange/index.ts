export * from './tlp-visibility.js';
export * from './taxii-time.js';
export * from './instance-identity.js';
export * from './publish.js';
export * from './inbound.js';
