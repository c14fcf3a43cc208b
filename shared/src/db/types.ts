import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { MatchedTerm } from '../pipeline/types.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface FeedsTable {
  id: Generated<number>;
  url: string;
  title: string | null;
  /** Operator-declared language (raw tag), a prior for detection. */
  language: string | null;
  /** The feed's own <language>, raw as published. */
  declared_language: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  interval_minutes: number;
  active: Generated<boolean>;
  etag: string | null;
  last_modified: string | null;
  last_fetched_at: Timestamp | null;
  last_status: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Timestamp>;
}

export interface ItemsTable {
  id: Generated<number>;
  feed_id: number;
  /** Natural identity inside the feed: "guid:<guid>", "url:<canonical url>" or "hash:<sha256>". */
  identity_key: string;
  guid: string | null;
  link: string | null;
  title: string;
  text: string;
  html: string | null;
  published_at: Timestamp | null;
  date_inferred: Generated<boolean>;
  language: string;
  language_confidence: number;
  /** Narratives scored below threshold, kept for analysts. */
  runners_up: JSONColumnType<RunnerUp[], string | undefined, string>;
  first_seen_at: CreatedAt;
  last_seen_at: Generated<Timestamp>;
}

export interface RunnerUp {
  narrative: string;
  version: number;
  score: number;
  coverage: number;
  language: string;
}

export interface NarrativesTable {
  id: string;
  current_version: number;
  status: 'draft' | 'active' | 'retired';
  created_at: CreatedAt;
  updated_at: Generated<Timestamp>;
}

export interface NarrativeVersionsTable {
  narrative_id: string;
  version: number;
  status: 'draft' | 'active' | 'retired';
  /** The whole fingerprint document of this version (schemas' fingerprintSchema). */
  document: JSONColumnType<Record<string, unknown>>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface FlagExplanation {
  language: string;
  coverage: number;
  terms: MatchedTerm[];
}

export interface FlagsTable {
  id: Generated<number>;
  item_id: number;
  narrative_id: string;
  narrative_version: number;
  score: number;
  explanation: JSONColumnType<FlagExplanation>;
  status: Generated<'new' | 'confirmed' | 'dismissed'>;
  created_at: CreatedAt;
}

export interface Database {
  feeds: FeedsTable;
  items: ItemsTable;
  narratives: NarrativesTable;
  narrative_versions: NarrativeVersionsTable;
  flags: FlagsTable;
  api_keys: ApiKeysTable;
}

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  role: 'admin' | 'analyst' | 'partner';
  /** The partner agency a partner key belongs to (e.g. 'lv-mfa'). */
  organization: string | null;
  key_prefix: string;
  /** sha256 hex of the whole key; the key itself is never stored. */
  key_hash: string;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}
