import type { ComparisonRow, CriterionCell, PairComparison } from './model';

/** A number rounded for people (full precision stays in the JSON export). */
export function num(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  return value.toFixed(digits);
}

export function range(low: number, high: number, digits = 2): string {
  return `[${num(low, digits)}, ${num(high, digits)}]`;
}

/** A level as a table cell: "3", "3?" when the evidence allows other levels, "-" when missing. */
export function levelText(cell: CriterionCell | undefined): string {
  if (!cell || cell.level === null) return '-';
  const level = Number.isInteger(cell.level) ? String(cell.level) : cell.level.toFixed(1);
  const unsure = cell.low !== null && cell.high !== null && cell.low !== cell.high;
  return unsure ? `${level}?` : level;
}

export function totalText(row: ComparisonRow): string {
  if (!row.total) return 'n/a';
  return `${num(row.total.value)} ${range(row.total.low, row.total.high)}${row.total.weightCovered < 0.999 ? '*' : ''}`;
}

/** The headline shown: relative to the reference when known (x1.00 = as good as the reference), else raw. */
export function headlineText(row: ComparisonRow): string {
  const h = row.headline;
  if (h.relative !== null) return `x${num(h.relative)}${h.relativeInterval ? ` ${range(h.relativeInterval.low, h.relativeInterval.high)}` : ''}`;
  if (h.raw !== null) return `${num(h.raw, 3)}${h.rawInterval ? ` ${range(h.rawInterval.low, h.rawInterval.high, 3)}` : ''}`;
  return 'n/a';
}

export function flagsText(row: ComparisonRow): string {
  const flags = row.flags.map((f) => `${f.code}${f.count > 1 ? ` x${f.count}` : ''}${f.zeroed ? ` (${f.zeroed} zeroed)` : ''}`);
  if (row.status !== 'graded') flags.unshift(row.status.toUpperCase());
  return flags.join(', ');
}

/** "P(A better) 0.93: +0.05 [-0.01, 0.11]" in words a hiring lead reads. */
export function pairText(p: PairComparison): string {
  if (p.pBetter === null || p.difference === null || !p.interval) return `${p.a} vs ${p.b}: ${p.method}`;
  const digits = p.basis === 'raw' ? 3 : 2;
  const sign = p.difference >= 0 ? '+' : '';
  return `${p.a} vs ${p.b}: P(${p.a} better) ${num(p.pBetter)}, difference ${sign}${num(p.difference, digits)} ${range(p.interval.low, p.interval.high, digits)} (${p.statistic})`;
}

/** How sure, in words: how the probability reads. */
export function sureness(p: number | null): string {
  if (p === null) return 'not compared';
  const q = Math.max(p, 1 - p);
  return q >= 0.975 ? 'clear' : q >= 0.9 ? 'likely' : q >= 0.7 ? 'leaning' : 'too close to call';
}
