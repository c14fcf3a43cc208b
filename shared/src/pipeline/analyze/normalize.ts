/**
 * Word-level normalisation shared by every analyzer, applied the same way to fingerprint terms
 * and to item text. It works token by token so character offsets always point into the original
 * text (NFKC can change a string's length).
 */

/** Apostrophe look-alikes found inside words (Ukrainian п'ять / п’ять / пʼять, English don't). */
export const APOSTROPHE_CLASS = "'’ʼ`ʹ′‘";
const APOSTROPHES = new RegExp(`[${APOSTROPHE_CLASS}]`, 'g');
const NEEDS_NFKC = /[^\u0000-\u007f\u00a0-\u024f\u0400-\u04ff]/;

/** NFKC, case fold, ё -> е, in-word apostrophes removed. */
export function normalizeWord(raw: string): string {
  let w = NEEDS_NFKC.test(raw) ? raw.normalize('NFKC') : raw;
  w = w.toLowerCase();
  if (w.includes('ё')) w = w.replace(/ё/g, 'е');
  if (APOSTROPHES.test(w)) {
    APOSTROPHES.lastIndex = 0;
    w = w.replace(APOSTROPHES, '');
  }
  return w;
}

/** An all-capitals word of 2-5 letters (НАТО, США, ЕС, EU): an acronym the stemmer must not cut. */
export function isAcronym(raw: string): boolean {
  return raw.length >= 2 && raw.length <= 5 && raw === raw.toUpperCase() && raw !== raw.toLowerCase();
}
