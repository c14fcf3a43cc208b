export * from './types.js';
export * from './ids.js';
export * from './tlp-markings.js';
export * from './extension-definitions.js';
export * from './objects.js';
export * from './inbound-validation.js';
