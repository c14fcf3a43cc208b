export * as feedRepository from './feeds.js';
export * as itemRepository from './items.js';
export * as narrativeRepository from './narratives.js';
export * as flagRepository from './flags.js';
export * as apiKeyRepository from './api-keys.js';
export type { Role, Principal } from './api-keys.js';
export * as sharingGroupRepository from './sharing-groups.js';
export * as stixObjectRepository from './stix-objects.js';
export * as partnerObjectRepository from './partner-objects.js';
