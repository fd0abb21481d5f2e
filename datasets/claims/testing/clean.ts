import Papa from 'papaparse';
import { parseDate } from '../dates';
import { ALL_NULL_TOKENS } from '../formats';

/**
 * A reference cleaner for the tests: reads the CSVs the way a careful candidate
 * would (every null marker, amount, date, boolean and unit form), so the tests
 * measure the traps on the files themselves rather than on generator internals.
 */

export interface Table {
  header: string[];
  rows: string[][];
  col(name: string): number;
  values(name: string): string[];
}

export function parseTable(csv: string): Table {
  const parsed = Papa.parse<string[]>(csv, { skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new Error(`CSV parse error: ${parsed.errors[0]?.message} at row ${parsed.errors[0]?.row}`);
  const [header, ...rows] = parsed.data as [string[], ...string[][]];
  const index = new Map(header.map((h, i) => [h, i]));
  const col = (name: string) => {
    const i = index.get(name);
    if (i === undefined) throw new Error(`no column ${name}`);
    return i;
  };
  return { header, rows, col, values: (name) => rows.map((r) => r[col(name)] as string) };
}

const NULLS = new Set<string>(ALL_NULL_TOKENS);

export function isNullToken(cell: string): boolean {
  return NULLS.has(cell.trim());
}

export function parseNumber(cell: string): number | null {
  if (isNullToken(cell)) return null;
  const n = Number(cell.trim());
  return Number.isFinite(n) ? n : null;
}

export function parseAmount(cell: string): number | null {
  if (isNullToken(cell)) return null;
  let s = cell
    .trim()
    .replace(/^USD\s*/, '')
    .replace(/^\$/, '')
    .replace(/,/g, '');
  let scale = 1;
  if (s.endsWith('k')) {
    scale = 1000;
    s = s.slice(0, -1);
  }
  const n = Number(s);
  return Number.isFinite(n) ? n * scale : null;
}

export function parseDay(cell: string): number | null {
  if (isNullToken(cell)) return null;
  const d = parseDate(cell);
  return Number.isNaN(d) ? null : d;
}

const TRUE = new Set(['y', '1', 'true', 'yes']);
const FALSE = new Set(['n', '0', 'false', 'no']);

export function parseBool(cell: string): boolean | null {
  const s = cell.trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  return null;
}

/** Lower case, trimmed, a trailing plural "s" dropped: "PALLETS " -> "pallet". */
export function normalizeCategory(cell: string): string | null {
  if (isNullToken(cell)) return null;
  const s = cell.trim().toLowerCase();
  return s.length > 3 && s.endsWith('s') && !s.endsWith('ss') ? s.slice(0, -1) : s;
}
