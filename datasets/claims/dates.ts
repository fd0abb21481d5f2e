/** Dates are whole days since 1970-01-01 (UTC) inside the generator; strings only at rendering. */

const MS_PER_DAY = 86_400_000;
const MONTH_ABBR = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function dayOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

const ymdCache = new Map<number, Ymd>();

export function ymdOf(day: number): Ymd {
  let hit = ymdCache.get(day);
  if (hit === undefined) {
    const date = new Date(day * MS_PER_DAY);
    hit = { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
    ymdCache.set(day, hit);
  }
  return hit;
}

/** Months since January 2022: the index of the hub-by-month fraud wave. */
export function monthIndex(day: number): number {
  const { y, m } = ymdOf(day);
  return (y - 2022) * 12 + (m - 1);
}

export function quarterLabel(day: number): string {
  const { y, m } = ymdOf(day);
  return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

/** The export formats found in the source systems. The slash form is month/day/year. */
export const DATE_FORMATS = ['iso', 'us', 'dmy-abbr', 'ymd-slash'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

const pad = (n: number) => (n < 10 ? `0${n}` : `${n}`);

export function formatDate(day: number, format: DateFormat): string {
  const { y, m, d } = ymdOf(day);
  switch (format) {
    case 'iso':
      return `${y}-${pad(m)}-${pad(d)}`;
    case 'us':
      return `${pad(m)}/${pad(d)}/${y}`;
    case 'dmy-abbr':
      return `${pad(d)}-${MONTH_ABBR[m - 1]}-${y}`;
    case 'ymd-slash':
      return `${y}/${pad(m)}/${pad(d)}`;
  }
}

/** A day number only when y-m-d is a real calendar date (no 2024-13-45 rolling over). */
function validDay(y: number, m: number, d: number): number {
  const day = dayOf(y, m, d);
  const back = ymdOf(day);
  return back.y === y && back.m === m && back.d === d ? day : Number.NaN;
}

/** Inverse of formatDate for every format above; NaN for anything else. */
export function parseDate(text: string): number {
  const s = text.trim();
  let match = /^(\d{4})[-/](\d{2})[-/](\d{2})$/.exec(s);
  if (match) return validDay(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  if (match) return validDay(Number(match[3]), Number(match[1]), Number(match[2]));
  match = /^(\d{2})-([A-Za-z]{3})-(\d{4})$/.exec(s);
  if (match) {
    const month = MONTH_ABBR.indexOf(match[2] as string);
    if (month >= 0) return validDay(Number(match[3]), month + 1, Number(match[1]));
  }
  return Number.NaN;
}
