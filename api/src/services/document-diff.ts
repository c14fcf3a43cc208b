export interface DocumentChange {
  path: string;
  op: 'added' | 'removed' | 'changed';
  from?: unknown;
  to?: unknown;
}

// Fingerprint arrays are sets keyed by their word (t), phrase (p) or entity (e): a diff by key
// reads "term X added", where a positional diff would report every later element as changed.
const SET_KEYS = ['t', 'p', 'e'] as const;

function keyOf(v: unknown): string | undefined {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const k of SET_KEYS) {
      const val = (v as Record<string, unknown>)[k];
      if (typeof val === 'string') return `${k}=${val}`;
    }
  }
  if (typeof v === 'string' || typeof v === 'number') return `=${String(v)}`;
  return undefined;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Structural differences between two fingerprint documents (ignoring `version`), path by path. */
export function diffDocuments(from: unknown, to: unknown, path = ''): DocumentChange[] {
  if (same(from, to)) return [];
  if (Array.isArray(from) && Array.isArray(to)) {
    const keysA = from.map(keyOf);
    const keysB = to.map(keyOf);
    if (keysA.every(Boolean) && keysB.every(Boolean)) {
      const out: DocumentChange[] = [];
      const mapA = new Map(from.map((v, i) => [keysA[i]!, v]));
      const mapB = new Map(to.map((v, i) => [keysB[i]!, v]));
      for (const [k, v] of mapA) {
        const label = `${path}[${k.startsWith('=') ? k.slice(1) : k}]`;
        if (!mapB.has(k)) out.push({ path: label, op: 'removed', from: v });
        else out.push(...diffDocuments(v, mapB.get(k), label));
      }
      for (const [k, v] of mapB) {
        if (!mapA.has(k)) out.push({ path: `${path}[${k.startsWith('=') ? k.slice(1) : k}]`, op: 'added', to: v });
      }
      return out;
    }
    return [{ path: path || '(document)', op: 'changed', from, to }];
  }
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (isObj(from) && isObj(to)) {
    const out: DocumentChange[] = [];
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    for (const k of keys) {
      if (!path && k === 'version') continue;
      const p = path ? `${path}.${k}` : k;
      if (!(k in to)) out.push({ path: p, op: 'removed', from: from[k] });
      else if (!(k in from)) out.push({ path: p, op: 'added', to: to[k] });
      else out.push(...diffDocuments(from[k], to[k], p));
    }
    return out;
  }
  return [{ path: path || '(document)', op: 'changed', from, to }];
}
