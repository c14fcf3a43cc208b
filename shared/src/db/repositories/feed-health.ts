import { sql } from 'kysely';
import type { Db } from '../index.js';

export const FETCH_EVENTS_KEPT = 30;
export const FAILED_DOCUMENTS_KEPT = 3;
export const FAILED_DOCUMENT_MAX_BYTES = 1024 * 1024;

export interface FetchEventRecord {
  fetchedAt: Date;
  status: 'ok' | 'not-modified' | 'error';
  errorClass?: string | null;
  errorMessage?: string | null;
  httpStatus?: number | null;
  bytes?: number;
  durationMs?: number;
  etag?: string | null;
  finalUrl?: string | null;
  itemsSeen?: number;
  itemsNew?: number;
  nextIntervalMs?: number | null;
}

/** Appends one fetch event and keeps only the last FETCH_EVENTS_KEPT of the feed. */
export async function recordFetchEvent(db: Db, feedId: number, e: FetchEventRecord): Promise<void> {
  await db.insertInto('feed_fetch_events').values({
    feed_id: feedId,
    fetched_at: e.fetchedAt,
    status: e.status,
    error_class: e.errorClass ?? null,
    error_message: e.errorMessage?.slice(0, 1000) ?? null,
    http_status: e.httpStatus ?? null,
    bytes: e.bytes ?? 0,
    duration_ms: Math.round(e.durationMs ?? 0),
    etag: e.etag ?? null,
    final_url: e.finalUrl?.slice(0, 2048) ?? null,
    items_seen: e.itemsSeen ?? 0,
    items_new: e.itemsNew ?? 0,
    next_interval_ms: e.nextIntervalMs ?? null,
  }).execute();
  await db.deleteFrom('feed_fetch_events')
    .where('feed_id', '=', feedId)
    .where('id', 'not in', (eb) => eb.selectFrom('feed_fetch_events').select('id').where('feed_id', '=', feedId).orderBy('id', 'desc').limit(FETCH_EVENTS_KEPT))
    .execute();
}

export async function listFetchEvents(db: Db, feedId: number, limit = FETCH_EVENTS_KEPT) {
  return db.selectFrom('feed_fetch_events').selectAll().where('feed_id', '=', feedId).orderBy('id', 'desc').limit(limit).execute();
}

/** Keeps the raw bytes of a document that failed to decode or parse (capped) for replay. */
export async function storeFailedDocument(db: Db, feedId: number, d: {
  errorClass: string; errorMessage: string; contentType: string | null; finalUrl: string | null; body: Buffer;
}, maxBytes = FAILED_DOCUMENT_MAX_BYTES): Promise<void> {
  await db.insertInto('feed_failed_documents').values({
    feed_id: feedId,
    error_class: d.errorClass,
    error_message: d.errorMessage.slice(0, 1000),
    content_type: d.contentType,
    final_url: d.finalUrl,
    original_bytes: d.body.length,
    truncated: d.body.length > maxBytes,
    body: d.body.subarray(0, maxBytes),
  }).execute();
  await db.deleteFrom('feed_failed_documents')
    .where('feed_id', '=', feedId)
    .where('id', 'not in', (eb) => eb.selectFrom('feed_failed_documents').select('id').where('feed_id', '=', feedId).orderBy('id', 'desc').limit(FAILED_DOCUMENTS_KEPT))
    .execute();
}

export async function listFailedDocuments(db: Db, feedId: number) {
  return db.selectFrom('feed_failed_documents').selectAll().where('feed_id', '=', feedId).orderBy('id', 'desc').execute();
}

/** Counts per feed for listings: events in the window and how many failed. */
export async function healthSummaries(db: Db) {
  return db.selectFrom('feed_fetch_events')
    .select(['feed_id', sql<number>`count(*)::int`.as('events'), sql<number>`count(*) filter (where status = 'error')::int`.as('errors')])
    .groupBy('feed_id')
    .execute();
}
