export { createApp, closeApp } from './app.js';
export { lazyLanguageDetector, type ApiDeps } from './deps.js';
export { authenticate, requireRole, type Principal, type Role } from './http/auth.js';
