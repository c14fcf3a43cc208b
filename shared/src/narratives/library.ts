import type { Fingerprint } from '@narmon/schemas';
import type { Db } from '../db/index.js';
import { listCurrentFingerprints, narrativeLibrarySignature } from '../db/repositories/narratives.js';
import { AnalyzerSet, buildMatcherIndex, type MatcherIndex } from '../pipeline/analyze/index.js';
import { parseFingerprint } from './parse.js';

export interface NarrativeLibraryOptions {
  db: Db;
  /** How often to check the library signature (a single cheap query). Default 1500 ms; 0 disables polling. */
  pollMs?: number;
  /** Called after each rebuild (not for the first load). */
  onChange?: (info: { signature: string; fingerprints: number }) => void;
  /** A failed poll or an invalid stored document; the previous index stays in use. */
  onError?: (err: unknown) => void;
}

export interface NarrativeLibrary {
  /** The index built from the active fingerprints as of the last refresh; swap-in, never mutated. */
  current(): MatcherIndex;
  /** The signature the current index was built from. */
  signature(): string;
  /** Checks the signature now and rebuilds if it changed; true when a new index was built. */
  refresh(): Promise<boolean>;
  /** Stops polling (does not close the db). */
  close(): Promise<void>;
}

/** Active fingerprints from PostgreSQL, each carrying its stored version number. */
export async function loadActiveFingerprints(db: Db, onError?: (err: unknown) => void): Promise<Fingerprint[]> {
  const rows = await listCurrentFingerprints(db, { status: 'active' });
  const out: Fingerprint[] = [];
  for (const row of rows) {
    try {
      out.push({ ...parseFingerprint(row.document, `narrative ${row.id} v${row.version}`), version: row.version });
    } catch (err) {
      onError?.(err);
    }
  }
  return out;
}

/**
 * The live narrative library for workers and the API: loads the active fingerprints, builds the
 * matcher index, and rebuilds it (without a restart) when a published version changes the library
 * signature. Every process polls on its own, so a change reaches each worker within ~pollMs.
 */
export async function createNarrativeLibrary(options: NarrativeLibraryOptions): Promise<NarrativeLibrary> {
  const { db } = options;
  const analyzers = new AnalyzerSet();
  let sig = await narrativeLibrarySignature(db);
  let index = buildMatcherIndex(await loadActiveFingerprints(db, options.onError), { analyzers });
  let inFlight: Promise<boolean> | null = null;
  let closed = false;

  async function rebuildIfChanged(): Promise<boolean> {
    const next = await narrativeLibrarySignature(db);
    if (next === sig) return false;
    const fps = await loadActiveFingerprints(db, options.onError);
    index = buildMatcherIndex(fps, { analyzers });
    sig = next;
    options.onChange?.({ signature: sig, fingerprints: fps.length });
    return true;
  }

  function refresh(): Promise<boolean> {
    inFlight ??= rebuildIfChanged().finally(() => { inFlight = null; });
    return inFlight;
  }

  const pollMs = options.pollMs ?? 1500;
  const timer = pollMs > 0
    ? setInterval(() => {
      if (!closed) refresh().catch((err) => options.onError?.(err));
    }, pollMs)
    : null;
  timer?.unref();

  return {
    current: () => index,
    signature: () => sig,
    refresh,
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      await inFlight?.catch(() => {});
    },
  };
}
