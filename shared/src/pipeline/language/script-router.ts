/**
 * The script-share router: before any n-gram model runs, the share of each writing system among
 * the letters of a text decides which languages are candidates at all. A detector can then never
 * answer a Latin-script language for Cyrillic text, and a stray `ツ`, emoji or brand name in
 * another script cannot move the answer, because only the dominant script counts.
 */

/** Writing systems the router tells apart. Kana means Japanese; Han alone may be Chinese or Japanese. */
export type ScriptGroup = 'Latin' | 'Cyrillic' | 'Japanese' | 'Han' | 'Hangul' | 'Other';

/**
 * The script each supported language is written in (Japanese: kana plus Han). A language that
 * is not here cannot be routed, so configuring it is an error (see createLanguageDetector).
 */
export const LANGUAGE_SCRIPTS: Record<string, ScriptGroup> = {
  lav: 'Latin', lit: 'Latin', est: 'Latin', pol: 'Latin', deu: 'Latin', fra: 'Latin', eng: 'Latin',
  spa: 'Latin', por: 'Latin', ita: 'Latin', nld: 'Latin', ces: 'Latin', slk: 'Latin', slv: 'Latin', hrv: 'Latin',
  bos: 'Latin', ron: 'Latin', hun: 'Latin', fin: 'Latin', swe: 'Latin', dan: 'Latin', nob: 'Latin', isl: 'Latin',
  cat: 'Latin', eus: 'Latin', als: 'Latin', tur: 'Latin', azj: 'Latin', vie: 'Latin', tgl: 'Latin', zlm: 'Latin',
  yor: 'Latin', uzn: 'Latin',
  rus: 'Cyrillic', ukr: 'Cyrillic', bel: 'Cyrillic', bul: 'Cyrillic', srp: 'Cyrillic', mkd: 'Cyrillic',
  kaz: 'Cyrillic', kir: 'Cyrillic', tgk: 'Cyrillic', khk: 'Cyrillic',
  jpn: 'Japanese', cmn: 'Han', kor: 'Hangul',
};

/** Han characters are shared by Chinese and Japanese: Han-only text keeps both as candidates. */
const HAN_ONLY_LANGUAGES = new Set(['cmn', 'jpn']);

/**
 * One Han, kana or Hangul character carries about as much as a short word (a few Latin letters),
 * so it weighs more in the share and in the minimum-evidence rule.
 */
const SCRIPT_WEIGHT: Record<ScriptGroup, number> = { Latin: 1, Cyrillic: 1, Japanese: 3, Han: 3, Hangul: 3, Other: 1 };

/** Less weighted evidence than this (e.g. 3 Latin letters, one Han character) is `und`. */
export const MIN_EVIDENCE = 4;

export interface ScriptRoute {
  /** Weighted letter count (see SCRIPT_WEIGHT) after URLs, e-mails, handles, digits, emoji and punctuation are ignored. */
  evidence: number;
  /** The dominant script, or null when there are no letters. */
  script: ScriptGroup | null;
  /** Share 0..1 of the weighted letters that are in the dominant script. */
  share: number;
  /** Configured languages written in the dominant script, in configuration order. */
  candidates: string[];
  /** What the detector reads: the text without URLs, e-mail addresses, @handles and letters of other scripts. */
  text: string;
}

const NOISE = /(?:https?:\/\/|www\.)\S+|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}|@\w+/gu;

/** The script of one letter (the caller has already checked it is a letter). */
function scriptOf(letter: string): ScriptGroup {
  if (/\p{Script=Latin}/u.test(letter)) return 'Latin';
  if (/\p{Script=Cyrillic}/u.test(letter)) return 'Cyrillic';
  // Script_Extensions puts the prolonged-sound mark ー with kana.
  if (/[\p{scx=Hiragana}\p{scx=Katakana}]/u.test(letter)) return 'Japanese';
  if (/\p{Script=Han}/u.test(letter)) return 'Han';
  if (/\p{Script=Hangul}/u.test(letter)) return 'Hangul';
  return 'Other';
}

/**
 * Weighted letter counts per script. A CJK character standing alone between non-letters weighs
 * like one Latin letter: that is how a `ツ` smiley or a bullet-like 〇 appears in other text.
 */
export function scriptShares(text: string): Map<ScriptGroup, number> {
  const counts = new Map<ScriptGroup, number>();
  for (const run of text.matchAll(/\p{L}+/gu)) {
    const letters = [...run[0]];
    for (const letter of letters) {
      const group = scriptOf(letter);
      const weight = letters.length === 1 ? 1 : SCRIPT_WEIGHT[group];
      counts.set(group, (counts.get(group) ?? 0) + weight);
    }
  }
  return counts;
}

/**
 * Kana present in a real amount makes the Han characters Japanese (Chinese has no kana). "Real"
 * means at least a tenth of the CJK characters, so one `ツ` smiley in Chinese text does not.
 */
function mergeKanaWithHan(counts: Map<ScriptGroup, number>): void {
  const kana = counts.get('Japanese') ?? 0;
  const han = counts.get('Han') ?? 0;
  if (kana === 0 || han === 0) return;
  if (kana / (kana + han) >= 0.1) {
    counts.set('Japanese', kana + han);
    counts.delete('Han');
  } else {
    counts.set('Han', kana + han);
    counts.delete('Japanese');
  }
}

/**
 * Routes a text to the configured languages of its dominant script. The detector then reads
 * only that script's letters: a brand name or a stray `ツ` in another script is not its business.
 */
export function routeByScript(text: string, languages: readonly string[]): ScriptRoute {
  const cleaned = text.replace(NOISE, ' ');
  const counts = scriptShares(cleaned);
  mergeKanaWithHan(counts);
  let evidence = 0;
  let script: ScriptGroup | null = null;
  let top = 0;
  for (const [group, weight] of counts) {
    evidence += weight;
    if (weight > top) {
      top = weight;
      script = group;
    }
  }
  const candidates = script === null ? [] : languages.filter((l) => LANGUAGE_SCRIPTS[l] === script || (script === 'Han' && HAN_ONLY_LANGUAGES.has(l)));
  return { evidence, script, share: evidence === 0 ? 0 : top / evidence, candidates, text: script ? keepScript(cleaned, script) : cleaned };
}

/** Blanks out the letters of other scripts (Japanese keeps its Han characters). */
function keepScript(text: string, script: ScriptGroup): string {
  return text.replace(/\p{L}/gu, (letter) => {
    const group = scriptOf(letter);
    return group === script || (script === 'Japanese' && group === 'Han') ? letter : ' ';
  });
}
