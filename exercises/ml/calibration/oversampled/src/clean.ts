/**
 * Cell parsers for the messy extract: every null marker, amount, date, boolean,
 * weight and category spelling the data dictionary (and a look at the files)
 * shows, each mapped to one number, day, flag or level. NaN means missing.
 */

/** Markers the source systems use for "no value". -999 is a numeric sentinel only. */
export const NULL_TOKENS = ['', 'NA', 'N/A', 'null', '?'] as const;
export const NUMERIC_SENTINEL = '-999';
const NULLS = new Set(NULL_TOKENS.map((t) => t.toLowerCase()));

export function isNull(cell: string | undefined): boolean {
  return cell === undefined || NULLS.has(cell.trim().toLowerCase());
}

/** Which null marker a cell uses, or undefined for a value (for the data-issue census). */
export function nullMarker(cell: string, numeric: boolean): string | undefined {
  const t = cell.trim();
  if (NULLS.has(t.toLowerCase())) return t === '' ? '""' : t;
  if (numeric && t === NUMERIC_SENTINEL) return t;
  return undefined;
}

export function parseNumber(cell: string | undefined): number {
  if (cell === undefined || isNull(cell)) return Number.NaN;
  const t = cell.trim();
  if (t === NUMERIC_SENTINEL) return Number.NaN;
  const n = Number(t);
  return Number.isFinite(n) ? n : Number.NaN;
}

/** 1234.50, $1,234.50, USD 1234.50 and 1.2k (thousands) to dollars. */
export function parseAmount(cell: string | undefined): number {
  if (cell === undefined || isNull(cell)) return Number.NaN;
  let s = cell.trim();
  if (s === NUMERIC_SENTINEL) return Number.NaN;
  s = s
    .replace(/^USD\s*/i, '')
    .replace(/^\$/, '')
    .replace(/,/g, '')
    .trim();
  let scale = 1;
  if (/k$/i.test(s)) {
    scale = 1000;
    s = s.slice(0, -1);
  }
  const n = Number(s);
  return s !== '' && Number.isFinite(n) ? n * scale : Number.NaN;
}

const MS_PER_DAY = 86_400_000;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function day(y: number, m: number, d: number): number {
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  // Reject 2024-02-31 and friends instead of rolling them over.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return Number.NaN;
  return t / MS_PER_DAY;
}

/** YYYY-MM-DD, YYYY/MM/DD, MM/DD/YYYY (month first, as the dictionary says) and DD-Mon-YYYY, to days since 1970. */
export function parseDate(cell: string | undefined): number {
  if (cell === undefined || isNull(cell)) return Number.NaN;
  const s = cell.trim();
  let m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(s);
  if (m) return day(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) return day(Number(m[3]), Number(m[1]), Number(m[2]));
  m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS.indexOf((m[2] as string).toLowerCase());
    return month < 0 ? Number.NaN : day(Number(m[3]), month + 1, Number(m[1]));
  }
  return Number.NaN;
}

/** Which of the date forms a cell uses (for the data-issue census). */
export function dateForm(cell: string): string | undefined {
  const s = cell.trim();
  if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(s)) return 'YYYY-MM-DD';
  if (/^\d{4}\/\d{1,2}\/\d{1,2}$/.test(s)) return 'YYYY/MM/DD';
  if (/^\d{1,2}\/\d{1,2}\/\d{4}$/.test(s)) return 'MM/DD/YYYY';
  if (/^\d{1,2}-[A-Za-z]{3}-\d{4}$/.test(s)) return 'DD-Mon-YYYY';
  return undefined;
}

const TRUE = new Set(['y', 'yes', 'true', '1', 't']);
const FALSE = new Set(['n', 'no', 'false', '0', 'f']);

/** Y/N, 1/0, true/false, yes/no in any case, to 1/0. */
export function parseBool(cell: string | undefined): number {
  if (cell === undefined || isNull(cell)) return Number.NaN;
  const t = cell.trim().toLowerCase();
  if (TRUE.has(t)) return 1;
  if (FALSE.has(t)) return 0;
  return Number.NaN;
}

const KG_PER_LB = 1 / 2.20462;

/** Weight in kg from "12.5" + unit column, or "12.5 kg" / "27.6 lb" with the unit written after the number. */
export function parseWeightKg(weight: string | undefined, unit: string | undefined): number {
  if (weight === undefined || isNull(weight)) return Number.NaN;
  const m = /^(-?[\d.]+)\s*(kg|kgs|lb|lbs)?$/i.exec(weight.trim());
  if (!m || m[1] === '-999') return Number.NaN;
  const value = Number(m[1]);
  if (!Number.isFinite(value)) return Number.NaN;
  const u = (m[2] ?? (unit !== undefined && !isNull(unit) ? unit.trim() : '')).toLowerCase();
  if (u.startsWith('lb')) return value * KG_PER_LB;
  if (u.startsWith('kg')) return value;
  return Number.NaN;
}

/**
 * One spelling per category level: case, surrounding and repeated whitespace and a
 * plural "s" do not make a new level ("Pallet", "pallet ", "PALLETS" -> "pallet").
 */
export function normaliseCategory(cell: string | undefined): string | undefined {
  if (cell === undefined || isNull(cell)) return undefined;
  let s = cell.trim().replace(/\s+/g, ' ').toLowerCase();
  if (s.length > 3 && s.endsWith('s') && !s.endsWith('ss')) s = s.slice(0, -1);
  return s;
}
