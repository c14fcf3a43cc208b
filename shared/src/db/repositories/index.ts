export * as feedRepository from './feeds.js';
export * as itemRepository from './items.js';
export * as narrativeRepository from './narratives.js';
export * as flagRepository from './flags.js';
