/**
 * Feed dates as they are really written: RFC 822 with any zone name, ISO 8601, and local forms
 * with month names in English, Russian, Ukrainian and Latvian ("2 січня 2024, 14:05",
 * "2024. gada 5. februārī 09:30", "05.02.2024 09:30"). Returns null rather than guessing wrong.
 */

// Month stems, longest first within a language where a shorter one would collide
// (Ukrainian "середа" is Wednesday, not "серпень").
const MONTH_STEMS: Array<[string, number]> = [
  // English and Latvian share most three-letter stems.
  ['jan', 1], ['feb', 2], ['mar', 3], ['apr', 4], ['may', 5], ['mai', 5], ['jun', 6], ['jūn', 6], ['jul', 7], ['jūl', 7],
  ['aug', 8], ['sep', 9], ['oct', 10], ['okt', 10], ['nov', 11], ['dec', 12],
  // Russian
  ['янв', 1], ['фев', 2], ['мар', 3], ['апр', 4], ['мая', 5], ['май', 5], ['июн', 6], ['июл', 7], ['авг', 8], ['сен', 9], ['окт', 10], ['ноя', 11], ['дек', 12],
  // Ukrainian
  ['січ', 1], ['лют', 2], ['берез', 3], ['квіт', 4], ['трав', 5], ['черв', 6], ['лип', 7], ['серп', 8], ['верес', 9], ['жовт', 10], ['листоп', 11], ['груд', 12],
];

const ZONES: Record<string, number> = {
  z: 0, ut: 0, utc: 0, gmt: 0, wet: 0, bst: 60, cet: 60, met: 60, cest: 120, mest: 120, eet: 120, eest: 180, msk: 180, msd: 240,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420, akst: -540, akdt: -480, hst: -600,
  jst: 540, kst: 540, hkt: 480, sgt: 480, aest: 600, aedt: 660, ist: 330, nzst: 720, nzdt: 780,
};

function monthOf(word: string): number | null {
  const w = word.toLowerCase();
  if (w.length < 3) return null;
  for (const [stem, month] of MONTH_STEMS) if (w.startsWith(stem)) return month;
  return null;
}

function build(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, offsetMin = 0): Date | null {
  if (y < 100) y += y < 70 ? 2000 : 1900;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59)) - offsetMin * 60_000;
  const date = new Date(t);
  if (date.getUTCDate() !== d && offsetMin === 0) return null; // 31 February
  return plausible(date);
}

function plausible(d: Date): Date | null {
  const y = d.getUTCFullYear();
  return Number.isNaN(d.getTime()) || y < 1970 || y > 2100 ? null : d;
}

const ISO = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T\s]+(\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function parseOffset(raw: string | undefined): number | null {
  if (!raw) return null;
  if (/^z$/i.test(raw)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(raw);
  if (!m) return null;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

export function parseFeedDate(input: unknown): Date | null {
  if (typeof input !== 'string') return null;
  const s = input.trim().replace(/\s+/g, ' ');
  if (!s || s.length > 100) return null;

  const iso = ISO.exec(s);
  if (iso) {
    const [, y, mo, d, h, mi, sec, tz] = iso;
    return build(+y!, +mo!, +d!, +(h ?? 0), +(mi ?? 0), +(sec ?? 0), parseOffset(tz) ?? 0);
  }

  let rest = s.toLowerCase();
  // Time of day, with optional seconds and am/pm.
  let h = 0, mi = 0, sec = 0;
  const time = /(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:[.,]\d+)?\s*(a\.?m\.?|p\.?m\.?)?(?![\d.])/.exec(rest.replace(/^\d{1,2}\.\d{1,2}\.\d{2,4}/, (m) => ' '.repeat(m.length)));
  if (time) {
    h = +time[1]!; mi = +time[2]!; sec = +(time[3] ?? 0);
    if (time[4]?.startsWith('p') && h < 12) h += 12;
    if (time[4]?.startsWith('a') && h === 12) h = 0;
    rest = rest.slice(0, time.index) + ' ' + rest.slice(time.index + time[0].length);
  }
  // Zone: a numeric offset or a name.
  let offset = 0;
  const num = /(?:^|\s|(?<=\d))([+-])(\d{2}):?(\d{2})\b/.exec(rest);
  if (num) {
    offset = (num[1] === '-' ? -1 : 1) * (Number(num[2]) * 60 + Number(num[3]));
    rest = rest.slice(0, num.index) + ' ' + rest.slice(num.index + num[0].length);
  } else {
    const name = /\b(gmt|utc|ut|z|[a-z]{3,4})\b([+-]\d{1,2})?/g;
    for (let m = name.exec(rest); m; m = name.exec(rest)) {
      if (m[1]! in ZONES) {
        offset = ZONES[m[1]!]! + (m[2] ? Number(m[2]) * 60 : 0);
        rest = rest.slice(0, m.index) + ' ' + rest.slice(m.index + m[0].length);
        break;
      }
    }
  }
  let month: number | null = null;
  for (const word of rest.match(/\p{L}+/gu) ?? []) {
    month = monthOf(word);
    if (month) break;
  }
  const numbers = (rest.match(/\d+/g) ?? []).map((n) => ({ n: +n, len: n.length }));
  let result: Date | null = null;
  if (month) {
    const year = numbers.find((x) => x.len === 4) ?? numbers.find((x, i) => x.len === 2 && i > 0);
    const day = numbers.find((x) => x !== year && x.len <= 2 && x.n >= 1 && x.n <= 31);
    if (year && day) return build(year.n, month, day.n, h, mi, sec, offset);
  } else if (numbers.length >= 3) {
    const [a, b, c] = numbers as [typeof numbers[0] & {}, typeof numbers[0] & {}, typeof numbers[0] & {}];
    if (a.len === 4) result = build(a.n, b.n, c.n, h, mi, sec, offset); // 2024/02/05
    else if (c.len === 4 || c.len === 2) {
      // 05.02.2024 is day-first (European); 02/05/2024 is month-first unless the first cannot be a month.
      const dayFirst = /^\s*\d{1,2}\./.test(rest) || a.n > 12;
      result = dayFirst ? build(c.n, b.n, a.n, h, mi, sec, offset) : build(c.n, a.n, b.n, h, mi, sec, offset);
    }
    if (result) return result;
  }
  const fallback = Date.parse(s);
  return Number.isNaN(fallback) ? null : plausible(new Date(fallback));
}
