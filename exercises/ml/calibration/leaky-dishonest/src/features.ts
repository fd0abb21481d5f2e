import type { Table } from './io';

/**
 * Every column as it comes, the way a hurried candidate would: a column whose
 * cells mostly read as numbers (ids read as their digits) is numeric, blanks and
 * odd cells get the column mean (-999 stays -999); any other column is one-hot
 * on its raw strings (top levels, no cleaning of case or spacing).
 */

const TOP_LEVELS = 10;

export interface Matrix {
  n: number;
  d: number;
  x: Float64Array;
}

interface NumericColumn {
  kind: 'numeric';
  name: string;
  mean: number;
  sd: number;
}

interface CategoryColumn {
  kind: 'category';
  name: string;
  levels: string[];
}

export type RawSpace = { columns: (NumericColumn | CategoryColumn)[]; names: string[] };

/** Number(cell), or the digits of an id like QF-1234567. */
export function rawNumber(cell: string | undefined): number {
  if (cell === undefined || cell === '') return Number.NaN;
  const n = Number(cell);
  if (Number.isFinite(n)) return n;
  const id = /^[A-Za-z]+-(\d+)$/.exec(cell);
  return id ? Number(id[1]) : Number.NaN;
}

export function fitRawSpace(train: Table, exclude: string): RawSpace {
  const columns: (NumericColumn | CategoryColumn)[] = [];
  train.header.forEach((name, c) => {
    if (name === exclude) return;
    const values = train.rows.map((r) => rawNumber(r[c]));
    const numbers = values.filter((v) => !Number.isNaN(v));
    const filled = train.rows.filter((r) => (r[c] ?? '') !== '').length;
    if (numbers.length >= 0.5 * Math.max(1, filled)) {
      const mean = numbers.reduce((a, b) => a + b, 0) / Math.max(1, numbers.length);
      const sd = Math.sqrt(numbers.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, numbers.length)) || 1;
      columns.push({ kind: 'numeric', name, mean, sd });
    } else {
      const counts = new Map<string, number>();
      for (const r of train.rows) counts.set(r[c] ?? '', (counts.get(r[c] ?? '') ?? 0) + 1);
      const levels = [...counts]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, TOP_LEVELS)
        .map(([l]) => l);
      columns.push({ kind: 'category', name, levels });
    }
  });
  const names = columns.flatMap((c) => (c.kind === 'numeric' ? [c.name] : c.levels.map((l) => `${c.name}=${l}`)));
  return { columns, names };
}

export function rawMatrix(space: RawSpace, table: Table): Matrix {
  const d = space.names.length;
  const n = table.rows.length;
  const x = new Float64Array(n * d);
  const cols = space.columns.map((c) => (table.has(c.name) ? table.col(c.name) : -1));
  const index = space.columns.map((c) => (c.kind === 'category' ? new Map(c.levels.map((l, i) => [l, i])) : undefined));
  table.rows.forEach((row, r) => {
    let at = r * d;
    space.columns.forEach((c, k) => {
      const cell = cols[k] === -1 ? undefined : row[cols[k] as number];
      if (c.kind === 'numeric') {
        const v = rawNumber(cell);
        x[at++] = Number.isNaN(v) ? 0 : (v - c.mean) / c.sd;
      } else {
        const i = (index[k] as Map<string, number>).get(cell ?? '');
        if (i !== undefined) x[at + i] = 1;
        at += c.levels.length;
      }
    });
  });
  return { n, d, x };
}

export function subset(m: Matrix, rows: readonly number[]): Matrix {
  const x = new Float64Array(rows.length * m.d);
  rows.forEach((i, r) => x.set(m.x.subarray(i * m.d, (i + 1) * m.d), r * m.d));
  return { n: rows.length, d: m.d, x };
}
