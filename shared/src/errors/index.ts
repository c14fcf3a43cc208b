/**
 * Errors users and metrics key on carry a stable `code`. The CLI and servers print
 * `message` as one line and exit; the API maps them to problem+json.
 */
export class NarmonError extends Error {
  constructor(readonly code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One or more environment variables are invalid; `problems` lists every one. */
export class ConfigError extends NarmonError {
  constructor(readonly problems: string[]) {
    super('invalid-config', `invalid configuration: ${problems.join('; ')}`);
  }
}

export class DatabaseUnavailableError extends NarmonError {
  constructor(target: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message || cause.name : String(cause);
    super('database-unavailable', `cannot reach PostgreSQL at ${target}: ${reason}`, { cause });
  }
}

/** A fingerprint document failed validation; `issues` name the fields. */
export class FingerprintError extends NarmonError {
  constructor(readonly source: string, readonly issues: string[]) {
    super('invalid-fingerprint', `invalid fingerprint ${source}: ${issues.join('; ')}`);
  }
}

/** A feed could not be fetched or parsed. `code` is one of the classes in FeedErrorCode. */
export type FeedErrorCode =
  | 'blocked-address' | 'bad-url' | 'timeout' | 'too-large' | 'too-many-redirects'
  | 'http-4xx' | 'http-5xx' | 'rate-limited' | 'network' | 'not-a-feed' | 'malformed-xml' | 'decode';

export class FeedError extends NarmonError {
  constructor(code: FeedErrorCode, message: string, readonly details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(code, message, options);
  }
  declare readonly code: FeedErrorCode;
}

/** Redacts credentials from a connection URL for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable url>';
  }
}
