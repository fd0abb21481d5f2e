import { normaliseCategory, parseAmount, parseBool, parseDate, parseNumber, parseWeightKg } from './clean';
import type { ColumnDoc } from './columns';
import type { Table } from './io';

/**
 * Features from the kept columns. Numbers are parsed, then a missing value is
 * imputed with the training median and flagged in its own indicator; numbers are
 * standardised on training rows. Categories are one-hot on normalised spellings,
 * with levels from training; a level training never saw (or saw fewer than
 * MIN_LEVEL_ROWS times) falls in an explicit "other/unseen" column.
 */

const MIN_LEVEL_ROWS = 20;
const NEW_ACCOUNT_DAYS = 180;
/** Hours before 06:00 count as night filings. */
const NIGHT_BEFORE_HOUR = 6;
/** A missing indicator is added when at least this share of training rows lacks the value. */
const MIN_MISSING_SHARE = 0.005;

type Reader = (row: readonly string[]) => number;

interface NumericSpec {
  name: string;
  read: Reader;
}

interface CategorySpec {
  name: string;
  col: number;
}

export interface FeatureSpace {
  numeric: { name: string; read: Reader; median: number; mean: number; sd: number; indicator: boolean }[];
  categories: { name: string; col: number; levels: string[] }[];
  names: string[];
}

export interface Matrix {
  n: number;
  d: number;
  /** Row-major n x d. */
  x: Float64Array;
}

const log1pDays = (days: number) => (Number.isNaN(days) ? Number.NaN : Math.log1p(Math.max(0, days)));

/** The numeric and category readers for the kept columns; date and amount pairs become differences and ratios. */
function specs(keep: readonly ColumnDoc[], table: Table): { numeric: NumericSpec[]; categories: CategorySpec[] } {
  const kept = new Set(keep.map((c) => c.name));
  const numeric: NumericSpec[] = [];
  const categories: CategorySpec[] = [];
  const col = (name: string) => table.col(name);
  const anchor = kept.has('claim_date') ? col('claim_date') : undefined;

  for (const doc of keep) {
    const c = col(doc.name);
    switch (doc.type) {
      case 'date': {
        // A raw date would learn the training period; days before the filing date transfer.
        if (doc.name === 'claim_date' || anchor === undefined) break;
        const a = anchor;
        const since = (r: readonly string[]) => parseDate(r[a]) - parseDate(r[c]);
        numeric.push({ name: `log_days_${doc.name}_to_claim`, read: (r) => log1pDays(since(r)) });
        if (doc.name === 'customer_since') {
          numeric.push({
            name: 'new_account',
            read: (r) => {
              const d = since(r);
              return Number.isNaN(d) ? Number.NaN : d < NEW_ACCOUNT_DAYS ? 1 : 0;
            },
          });
        }
        break;
      }
      case 'amount':
        numeric.push({
          name: `log_${doc.name}`,
          read: (r) => {
            const v = parseAmount(r[c]);
            return Number.isNaN(v) ? v : Math.log1p(Math.max(0, v));
          },
        });
        break;
      case 'boolean':
        numeric.push({ name: doc.name, read: (r) => parseBool(r[c]) });
        break;
      case 'integer':
      case 'number':
        if (doc.name === 'weight') {
          const unit = kept.has('weight_unit') ? col('weight_unit') : undefined;
          numeric.push({
            name: 'log_weight_kg',
            read: (r) => {
              const kg = parseWeightKg(r[c], unit === undefined ? undefined : r[unit]);
              return Number.isNaN(kg) ? kg : Math.log1p(Math.max(0, kg));
            },
          });
        } else if (/hour/.test(doc.name)) {
          numeric.push({ name: doc.name, read: (r) => parseNumber(r[c]) });
          numeric.push({
            name: `${doc.name}_night`,
            read: (r) => {
              const h = parseNumber(r[c]);
              return Number.isNaN(h) ? h : h < NIGHT_BEFORE_HOUR ? 1 : 0;
            },
          });
        } else {
          numeric.push({ name: doc.name, read: (r) => parseNumber(r[c]) });
        }
        break;
      case 'category':
        // The unit column is folded into weight_kg above.
        if (doc.name !== 'weight_unit') categories.push({ name: doc.name, col: c });
        break;
      default:
        break;
    }
  }
  if (kept.has('claim_amount') && kept.has('declared_value')) {
    const [a, v] = [col('claim_amount'), col('declared_value')];
    numeric.push({
      name: 'claim_to_declared_ratio',
      read: (r) => {
        const amount = parseAmount(r[a]);
        const value = parseAmount(r[v]);
        return Number.isNaN(amount) || Number.isNaN(value) || value <= 0 ? Number.NaN : Math.min(3, amount / value);
      },
    });
  }
  return { numeric, categories };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = values.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Learn medians, scales and category levels on the given training rows. */
export function fitFeatureSpace(keep: readonly ColumnDoc[], train: Table, rows: readonly number[]): FeatureSpace {
  const s = specs(keep, train);
  const numeric = s.numeric.map((spec) => {
    const values: number[] = [];
    for (const i of rows) {
      const v = spec.read(train.rows[i] as string[]);
      if (!Number.isNaN(v)) values.push(v);
    }
    const med = median(values);
    const missingShare = 1 - values.length / Math.max(1, rows.length);
    const filled = values.concat(new Array<number>(rows.length - values.length).fill(med));
    const mean = filled.reduce((a, b) => a + b, 0) / Math.max(1, filled.length);
    const sd = Math.sqrt(filled.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, filled.length)) || 1;
    return { name: spec.name, read: spec.read, median: med, mean, sd, indicator: missingShare >= MIN_MISSING_SHARE };
  });
  const categories = s.categories.map((spec) => {
    const counts = new Map<string, number>();
    for (const i of rows) {
      const level = normaliseCategory((train.rows[i] as string[])[spec.col]);
      if (level !== undefined) counts.set(level, (counts.get(level) ?? 0) + 1);
    }
    const levels = [...counts]
      .filter(([, n]) => n >= MIN_LEVEL_ROWS)
      .map(([l]) => l)
      .sort();
    return { name: spec.name, col: spec.col, levels };
  });
  const names = [
    ...numeric.flatMap((f) => (f.indicator ? [f.name, `${f.name}_missing`] : [f.name])),
    ...categories.flatMap((c) => [...c.levels.map((l) => `${c.name}=${l}`), `${c.name}=other/unseen`, `${c.name}=missing`]),
  ];
  return { numeric, categories, names };
}

/** The design matrix of some rows of a table (train or test: columns are looked up by name). */
export function transform(space: FeatureSpace, table: Table, rows: readonly number[], keep: readonly ColumnDoc[]): Matrix {
  // Readers close over column indices of the table they were built on; rebuild them for this table.
  const fresh = specs(keep, table);
  const readers = new Map(fresh.numeric.map((s) => [s.name, s.read]));
  const catCols = new Map(fresh.categories.map((c) => [c.name, c.col]));
  const d = space.names.length;
  const x = new Float64Array(rows.length * d);
  const levelIndex = space.categories.map((c) => new Map(c.levels.map((l, i) => [l, i])));
  rows.forEach((rowIndex, r) => {
    const row = table.rows[rowIndex] as string[];
    let at = r * d;
    for (const f of space.numeric) {
      const v = (readers.get(f.name) as Reader)(row);
      const missing = Number.isNaN(v);
      x[at++] = ((missing ? f.median : v) - f.mean) / f.sd;
      if (f.indicator) x[at++] = missing ? 1 : 0;
    }
    space.categories.forEach((c, k) => {
      const level = normaliseCategory(row[catCols.get(c.name) as number]);
      const i = level === undefined ? c.levels.length + 1 : ((levelIndex[k] as Map<string, number>).get(level) ?? c.levels.length);
      x[at + i] = 1;
      at += c.levels.length + 2;
    });
  });
  return { n: rows.length, d, x };
}
