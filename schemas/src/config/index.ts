import { z } from 'zod';

const csv = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Every environment variable narmon reads, with its default. The README's configuration
 * table is written from this list: keep the two in step.
 */
export const envSchema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').default('postgres://postgres@127.0.0.1:5432/narmon'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z.string().regex(/^\{[^{}]+\}$/, 'must be one Redis hash tag such as "{narmon}"').default('{narmon}'),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: int(0, 65535).default(8080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NARRATIVES_DIR: z.string().optional(),
  LANGUAGES: csv.default(['lav', 'lit', 'est', 'rus', 'ukr', 'bel', 'pol', 'deu', 'fra', 'eng', 'jpn', 'cmn', 'kor']),
  LANGUAGE_DETECTOR: z.enum(['eld', 'franc']).default('eld'),
  FETCH_USER_AGENT: z.string().min(1).default('narmon/0.1 (+https://github.com/narmon/narmon; feed monitoring)'),
  FETCH_CONNECT_TIMEOUT_MS: int(100, 120_000).default(10_000),
  FETCH_TIMEOUT_MS: int(100, 600_000).default(30_000),
  FETCH_MAX_BYTES: int(1024, 1024 * 1024 * 1024).default(15 * 1024 * 1024),
  FETCH_MAX_REDIRECTS: int(0, 20).default(5),
  /** Hosts, IPs or CIDRs that may be fetched although private (e.g. an intranet feed, a test server). */
  FETCH_ALLOWLIST: csv.default([]),
  FEED_DEFAULT_INTERVAL_MINUTES: int(5, 1440).default(60),
  WORKER_CONCURRENCY: int(1, 64).default(4),
  /** Politeness per host, across all workers: fetches in flight and the gap between two starts. */
  HOST_MAX_IN_FLIGHT: int(1, 32).default(2),
  HOST_MIN_GAP_MS: int(0, 600_000).default(5000),
  API_RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(600),
  API_BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'must be a size such as "1mb"').default('1mb'),
  STIX_IDENTITY_NAME: z.string().min(1).default('narmon'),
  STIX_IDENTITY_ID: z.string().regex(/^identity--[0-9a-f-]{36}$/, 'must be a STIX identity id').optional(),
  DEMO_PORT: int(0, 65535).default(8080),
  RUN_SCHEDULERS: bool.default(true),
});

export type Env = z.infer<typeof envSchema>;
