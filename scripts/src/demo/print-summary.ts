import type { Db } from '@narmon/shared/db';

/** Flags per language and narrative, as a table for the terminal. */
export async function flaggedNarrativesByLanguage(db: Db) {
  return db.selectFrom('flags as f')
    .innerJoin('items as i', 'i.id', 'f.item_id')
    .select(['i.language', 'f.narrative_id as narrative', (eb) => eb.fn.countAll<number>().as('flags'), (eb) => eb.fn.max('f.score').as('best_score')])
    .groupBy(['i.language', 'f.narrative_id'])
    .orderBy('i.language').orderBy('f.narrative_id')
    .execute();
}

export function formatTable(rows: Array<Record<string, unknown>>, columns: string[]): string {
  const cells = rows.map((r) => columns.map((c) => {
    const v = r[c];
    return typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(2) : String(v ?? '');
  }));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
