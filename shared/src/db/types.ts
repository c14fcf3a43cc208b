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
  /** The operator pinned interval_minutes: the schedule keeps it instead of adapting (migration 0120). */
  interval_pinned: Generated<boolean>;
  active: Generated<boolean>;
  etag: string | null;
  last_modified: string | null;
  last_fetched_at: Timestamp | null;
  last_status: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Timestamp>;
  /** Scheduling state (migration 0100): weighted failures (hard 1, soft 0.5), reset by a success. */
  failure_weight: Generated<number>;
  consecutive_failures: Generated<number>;
  /** Smoothed observed rate of new items; null until the first successful poll. */
  new_items_per_hour: number | null;
  next_interval_ms: number | null;
  next_poll_at: Timestamp | null;
  last_success_at: Timestamp | null;
  /** Last fetch sent without validators (one at least every 24 h). */
  last_unconditional_at: Timestamp | null;
  last_error_code: string | null;
  last_error_message: string | null;
  last_http_status: number | null;
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
  /** Cross-feed story key (migration 0110): the link without tracking parameters. */
  canonical_url: ColumnType<string | null, string | null | undefined, string | null>;
  content_hash: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** Copied from the item by a trigger (migration 0301), so filters and sorts are one index scan. */
  item_language: Generated<string>;
  feed_id: Generated<number>;
  /** The item's published time, or first seen when the feed gave none. */
  item_published_at: Generated<Timestamp>;
  reviewed_at: Timestamp | null;
  reviewed_by: string | null;
  reviewed_by_key_id: number | null;
  review_note: string | null;
}

export interface Database {
  feeds: FeedsTable;
  items: ItemsTable;
  feed_fetch_events: FeedFetchEventsTable;
  feed_failed_documents: FeedFailedDocumentsTable;
  item_sightings: ItemSightingsTable;
  narratives: NarrativesTable;
  narrative_versions: NarrativeVersionsTable;
  flags: FlagsTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  exchange_settings: ExchangeSettingsTable;
  stix_ids: StixIdsTable;
  sharing_groups: SharingGroupsTable;
  sharing_group_members: SharingGroupMembersTable;
  stix_objects: StixObjectsTable;
  taxii_statuses: TaxiiStatusesTable;
  partner_objects: PartnerObjectsTable;
  item_daily_counts: ItemDailyCountsTable;
  flag_daily_counts: FlagDailyCountsTable;
  narrative_flag_hourly_counts: NarrativeFlagHourlyCountsTable;
  item_cross_feeds: ItemCrossFeedsTable;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  actor_key_id: number | null;
  actor_name: string;
  /** e.g. 'flag.review', 'narrative.create', 'narrative.retire', 'key.create'. */
  action: string;
  target_type: string;
  target_id: string;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
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

// ---- partner exchange (04xx) ----
type TlpColumn = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';

export interface ExchangeSettingsTable {
  key: string;
  value: string;
}

/** The STIX id minted once for a narmon row (kind 'narrative', 'feed', 'sighting', ...). */
export interface StixIdsTable {
  kind: string;
  local_key: string;
  stix_id: string;
  created: ColumnType<Date, Date | string | undefined, never>;
}

/** A sharing group is one TAXII collection (`collection_id`) with a ceiling TLP. */
export interface SharingGroupsTable {
  id: string;
  collection_id: string;
  title: string;
  description: string | null;
  max_tlp: TlpColumn;
  created_at: CreatedAt;
}

export interface SharingGroupMembersTable {
  group_id: string;
  /** The partner organisation, as on its API keys (api_keys.organization). */
  organization: string;
  /** The highest TLP this partner is cleared for in this group. */
  clearance: TlpColumn;
  created_at: CreatedAt;
}

export interface StixObjectsTable {
  seq: Generated<number>;
  collection_id: string;
  stix_id: string;
  type: string;
  spec_version: string;
  /** The object's `modified` (or `created`): its TAXII version. */
  version: string;
  version_us: number;
  tlp: TlpColumn;
  tlp_rank: number;
  /** The organisation that owns the object (AMBER+STRICT goes to it only); null for narmon's own. */
  owner_org: string | null;
  published_by: string;
  object: JSONColumnType<Record<string, unknown>>;
  /** Microseconds since the epoch; strictly increasing inside a collection. */
  date_added_us: number;
}

export interface TaxiiStatusesTable {
  id: string;
  collection_id: string;
  key_id: number | null;
  request_timestamp: string;
  total_count: number;
  success_count: number;
  failure_count: number;
  successes: JSONColumnType<Array<{ id: string; version?: string; message?: string }>>;
  failures: JSONColumnType<Array<{ id: string; version?: string; message?: string }>>;
  created_at: CreatedAt;
}

export interface PartnerObjectsTable {
  id: Generated<number>;
  group_id: string;
  stix_id: string;
  type: string;
  version: string;
  tlp: TlpColumn;
  source_org: string | null;
  source_key_id: number | null;
  source_key_name: string;
  object: JSONColumnType<Record<string, unknown>>;
  status: Generated<'new' | 'imported' | 'dismissed'>;
  imported_narrative_id: string | null;
  received_at: CreatedAt;
}

/** One poll of one feed; the last 30 per feed are kept (migration 0100). */
export interface FeedFetchEventsTable {
  id: Generated<number>;
  feed_id: number;
  fetched_at: Timestamp;
  status: 'ok' | 'not-modified' | 'error';
  error_class: string | null;
  error_message: string | null;
  http_status: number | null;
  bytes: number;
  duration_ms: number;
  etag: string | null;
  final_url: string | null;
  items_seen: number;
  items_new: number;
  next_interval_ms: number | null;
}

/** The raw bytes of a document that failed to decode or parse, size-capped, for replay. */
export interface FeedFailedDocumentsTable {
  id: Generated<number>;
  feed_id: number;
  captured_at: CreatedAt;
  error_class: string;
  error_message: string | null;
  content_type: string | null;
  final_url: string | null;
  original_bytes: number;
  truncated: boolean;
  body: Buffer;
}

/** Which feed showed which item under which feed-local identity (migration 0110). */
export interface ItemSightingsTable {
  feed_id: number;
  identity_key: string;
  item_id: number;
  first_seen_at: CreatedAt;
  last_seen_at: Generated<Timestamp>;
}

/** Roll-ups kept by triggers (migration 0310): items per first-seen UTC day x feed x language. */
export interface ItemDailyCountsTable { day: string; feed_id: number; language: string; items: number }
/** Flags per flagged UTC day x feed x item language (migration 0310). */
export interface FlagDailyCountsTable { day: string; feed_id: number; language: string; flags: number }
/** Flags per flagged UTC hour (timestamp without time zone, UTC) x narrative (migration 0310). */
export interface NarrativeFlagHourlyCountsTable { hour: Timestamp; narrative_id: string; flags: number }
/** Feeds that carried an item other than its own, kept by triggers on item_sightings (migration 0320). */
export interface ItemCrossFeedsTable { feed_id: number; item_id: number }
