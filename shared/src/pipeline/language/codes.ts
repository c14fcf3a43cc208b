/**
 * Language codes: narmon speaks canonical ISO 639-3 (`lav`, `est`, `cmn`), feeds declare BCP 47
 * (`lv`, `ru-RU`, `zh-Hans-CN`), franc has its own individual-language codes (`lvs`, `ekk`) and
 * eld answers ISO 639-1 (`lv`). Every translation between them lives here.
 */

/** The languages narmon watches unless LANGUAGES says otherwise (the config default is the same list). */
export const DEFAULT_LANGUAGES = ['lav', 'lit', 'est', 'rus', 'ukr', 'bel', 'pol', 'deu', 'fra', 'eng', 'jpn', 'cmn', 'kor'];

/** ISO 639-1 -> canonical ISO 639-3 for the languages eld knows (its 60) and a few more. */
const FROM_ISO_639_1: Record<string, string> = {
  am: 'amh', ar: 'arb', az: 'azj', be: 'bel', bg: 'bul', bn: 'ben', ca: 'cat', cs: 'ces', da: 'dan', de: 'deu',
  el: 'ell', en: 'eng', es: 'spa', et: 'est', eu: 'eus', fa: 'pes', fi: 'fin', fr: 'fra', gu: 'guj', he: 'heb',
  hi: 'hin', hr: 'hrv', hu: 'hun', hy: 'hye', is: 'isl', it: 'ita', ja: 'jpn', ka: 'kat', kn: 'kan', ko: 'kor',
  ku: 'ckb', lo: 'lao', lt: 'lit', lv: 'lav', ml: 'mal', mr: 'mar', ms: 'zlm', nl: 'nld', no: 'nob', nb: 'nob',
  or: 'ory', pa: 'pan', pl: 'pol', pt: 'por', ro: 'ron', ru: 'rus', sk: 'slk', sl: 'slv', sq: 'als', sr: 'srp',
  sv: 'swe', ta: 'tam', te: 'tel', th: 'tha', tl: 'tgl', tr: 'tur', uk: 'ukr', ur: 'urd', vi: 'vie', yo: 'yor',
  zh: 'cmn', kk: 'kaz', mk: 'mkd', bs: 'bos', ky: 'kir', tg: 'tgk', uz: 'uzn', mn: 'khk',
};

/** ISO 639-3 individual or alternative codes that mean one of our canonical languages. */
const ALIASES_639_3: Record<string, string> = {
  lvs: 'lav', ltg: 'lav', ekk: 'est', zho: 'cmn', chi: 'cmn', ger: 'deu', fre: 'fra', cze: 'ces', gre: 'ell',
  dut: 'nld', per: 'pes', fas: 'pes', rum: 'ron', arm: 'hye', geo: 'kat', ice: 'isl', alb: 'als', sqi: 'als',
  ara: 'arb', msa: 'zlm', may: 'zlm', nor: 'nob', aze: 'azj', uzb: 'uzn', mon: 'khk', ori: 'ory', kur: 'ckb',
};

/** Where franc's code for a language differs from ours (franc uses individual languages). */
const TO_FRANC: Record<string, string> = { lav: 'lvs', est: 'ekk' };
const FROM_FRANC: Record<string, string> = Object.fromEntries(Object.entries(TO_FRANC).map(([ours, franc]) => [franc, ours]));

const TO_ISO_639_1: Record<string, string> = Object.fromEntries(
  Object.entries(FROM_ISO_639_1).filter(([two]) => two !== 'nb').map(([two, three]) => [three, two]),
);

/**
 * A language tag as found in a feed or a config (BCP 47 `ru-RU`, `zh-Hans`, ISO 639-1 `lv`,
 * ISO 639-3 `lvs`/`lav`), as canonical ISO 639-3; null when empty or not a language tag.
 */
export function toCanonicalLanguage(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (!/^[a-z]{2,3}$/.test(primary)) return null;
  if (primary.length === 2) return FROM_ISO_639_1[primary] ?? null;
  return ALIASES_639_3[primary] ?? primary;
}

export function toFrancCode(language: string): string {
  return TO_FRANC[language] ?? language;
}

export function fromFrancCode(code: string): string {
  return FROM_FRANC[code] ?? code;
}

/** eld answers ISO 639-1; null when a language has no two-letter code. */
export function toIso6391(language: string): string | null {
  return TO_ISO_639_1[language] ?? null;
}

export function fromIso6391(code: string): string | null {
  return FROM_ISO_639_1[code] ?? null;
}
