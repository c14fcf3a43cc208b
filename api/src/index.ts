export { createApp, closeApp } from './app.js';
export type { ApiDeps } from './deps.js';
export { authenticate, requireRole, type Principal, type Role } from './http/auth.js';
