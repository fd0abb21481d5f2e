import { dateForm, normaliseCategory, nullMarker, parseDate } from './clean';
import type { ColumnDoc } from './columns';
import type { Table } from './io';
import type { Dedup } from './validation';

/** What the data looked like and what was done about it: the report's data_issues, counted from the files. */

export interface DataIssue {
  issue: string;
  columns: string[];
  handling: string;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const NUMERIC_TYPES = new Set(['integer', 'number', 'amount']);

function distinct(table: Table, name: string, map: (cell: string) => string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (!table.has(name)) return out;
  const c = table.col(name);
  for (const r of table.rows) {
    const key = map(r[c] ?? '');
    if (key !== undefined) out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** Whether a column's cells never go down in file order (quarters sort as text; the migration batch sorts after them). */
function isSorted(table: Table, name: string): boolean {
  const c = table.col(name);
  const rank = (cell: string) => (/^\d{4}-Q\d$/.test(cell.trim()) ? cell.trim() : `~${cell.trim()}`);
  for (let i = 1; i < table.rows.length; i++) if (rank(table.rows[i]?.[c] ?? '') < rank(table.rows[i - 1]?.[c] ?? '')) return false;
  return true;
}

export function censusIssues(train: Table, test: Table, keep: readonly ColumnDoc[], y: Uint8Array, dedup: Dedup, labelColumn: string): DataIssue[] {
  const issues: DataIssue[] = [];
  const byType = (type: string) => keep.filter((c) => c.type === type).map((c) => c.name);

  const markers = new Set<string>();
  const nullColumns: string[] = [];
  for (const c of keep) {
    const found = distinct(train, c.name, (cell) => nullMarker(cell, NUMERIC_TYPES.has(c.type)));
    if (found.size === 0) continue;
    nullColumns.push(c.name);
    for (const m of found.keys()) markers.add(m);
  }
  if (nullColumns.length > 0) {
    issues.push({
      issue: `mixed null markers: ${[...markers].sort().join(', ')} (-999 is a sentinel in numeric columns, not a value)`,
      columns: nullColumns,
      handling:
        'every marker (and the -999 sentinel) mapped to one missing value; numbers imputed with the training median plus a missing indicator, categories get a "missing" level, so the marker used never changes a prediction.',
    });
  }

  const amounts = byType('amount');
  if (amounts.length > 0) {
    const forms = new Map<string, number>();
    for (const name of amounts) {
      for (const [form, n] of distinct(train, name, (cell) => {
        const t = cell.trim();
        if (t.startsWith('$')) return '$1,234.50';
        if (/^USD/i.test(t)) return 'USD 1234.50';
        if (/k$/i.test(t)) return '1.2k';
        return undefined;
      }))
        forms.set(form, (forms.get(form) ?? 0) + n);
    }
    issues.push({
      issue: `amounts in several formats: plain, ${[...forms].map(([f, n]) => `${f} (${n} cells)`).join(', ')}`,
      columns: amounts,
      handling:
        'parsed every format to dollars (currency symbol, USD prefix and thousands separators stripped, "k" = thousands; 1.2k is rounded at the source); used log amounts and the claim-to-declared ratio.',
    });
  }

  const dates = byType('date');
  if (dates.length > 0) {
    const forms = new Set<string>();
    for (const name of dates) for (const f of distinct(train, name, dateForm).keys()) forms.add(f);
    issues.push({
      issue: `dates in ${forms.size} formats: ${[...forms].join(', ')} (the slash form with the year last is month first)`,
      columns: dates,
      handling: 'parsed every format to a calendar day (invalid dates rejected, not rolled over); features are days from shipment, delivery and account opening to the claim date, never the raw date.',
    });
  }

  const bools = byType('boolean');
  if (bools.length > 0) {
    const styles = new Set<string>();
    for (const name of bools) for (const s of distinct(train, name, (cell) => (nullMarker(cell, false) ? undefined : cell.trim())).keys()) styles.add(s);
    issues.push({ issue: `booleans written as ${[...styles].sort().join('/')}`, columns: bools, handling: 'parsed Y/yes/true/1 as 1 and N/no/false/0 as 0 in any case; anything else missing.' });
  }

  if (keep.some((c) => c.name === 'weight')) {
    const lb = distinct(train, 'weight', (cell) => (/lb/i.test(cell) ? 'lb' : undefined)).get('lb') ?? 0;
    const lbUnit = distinct(train, 'weight_unit', (cell) => (/^\s*lb/i.test(cell) ? 'lb' : undefined)).get('lb') ?? 0;
    issues.push({
      issue: `weights in kg and lb (${lbUnit + lb} rows in lb), the unit in weight_unit or written after the number`,
      columns: ['weight', 'weight_unit'],
      handling: 'converted every weight to kg (1 lb = 0.453592 kg) using the suffix or the unit column.',
    });
  }

  const cats = byType('category');
  const spelt: string[] = [];
  const unseen: string[] = [];
  for (const name of cats) {
    const raw = distinct(train, name, (cell) => (normaliseCategory(cell) === undefined ? undefined : cell));
    const levels = distinct(train, name, normaliseCategory);
    if (raw.size > levels.size) spelt.push(`${name} (${raw.size} spellings of ${levels.size} levels)`);
    for (const level of distinct(test, name, normaliseCategory).keys()) if (!levels.has(level)) unseen.push(`${name}="${level}"`);
  }
  if (spelt.length > 0) {
    issues.push({
      issue: `category spelling variants (case, whitespace, plural): ${spelt.join(', ')}`,
      columns: cats,
      handling: 'normalised case, whitespace and a trailing plural "s" before one-hot encoding.',
    });
  }
  if (unseen.length > 0) {
    issues.push({
      issue: `categories in test.csv that training never saw: ${unseen.join(', ')}`,
      columns: [...new Set(unseen.map((u) => u.split('=')[0] as string))],
      handling: 'encoded with an explicit other/unseen level (zero weight, since no training row has it): the prediction falls back to the other features.',
    });
  }

  const copies = dedup.exactCopies + dedup.nearCopies + dedup.otherCopies;
  if (copies + dedup.droppedForConflict > 0) {
    issues.push({
      issue: `duplicate claims: ${dedup.exactCopies} exact duplicate rows, ${dedup.nearCopies} near-duplicates differing only in case or whitespace, ${dedup.conflictingIds} claim_ids with conflicting labels (${dedup.droppedForConflict} rows)`,
      columns: ['claim_id', labelColumn],
      handling: 'deduplicated on claim_id before splitting (one row kept per claim); claims whose copies disagree on the label were dropped, since neither label can be trusted.',
    });
  }

  const tenth = Math.max(1, Math.floor(train.rows.length / 10));
  const share = (from: number, to: number) => {
    let s = 0;
    for (let i = from; i < to; i++) s += y[i] as number;
    return s / Math.max(1, to - from);
  };
  const head = share(0, tenth);
  const tail = share(train.rows.length - tenth, train.rows.length);
  if (Math.abs(head - tail) > 0.02 || tail > 2 * head + 0.01) {
    const batchSorted = train.has('ingest_batch') && isSorted(train, 'ingest_batch');
    issues.push({
      issue: `train.csv is sorted, not shuffled: the fraud share is ${pct(head)} in the first tenth of the rows and ${pct(tail)} in the last tenth${batchSorted ? ' (rows are in ingest_batch order, the migration batch last)' : ''}`,
      columns: ['ingest_batch', labelColumn],
      handling: 'row order is never used: validation splits on claim_date and customer_id, not on position (no head/tail split, no unshuffled K-fold).',
    });
  }

  if (train.has('claim_date')) {
    const c = train.col('claim_date');
    const halves = new Map<string, { n: number; p: number }>();
    train.rows.forEach((r, i) => {
      const d = parseDate(r[c]);
      if (Number.isNaN(d)) return;
      const date = new Date(d * 86_400_000);
      const key = `${date.getUTCFullYear()}-H${date.getUTCMonth() < 6 ? 1 : 2}`;
      const h = halves.get(key) ?? { n: 0, p: 0 };
      h.n += 1;
      h.p += y[i] as number;
      halves.set(key, h);
    });
    const rates = [...halves].sort(([a], [b]) => a.localeCompare(b)).map(([k, h]) => `${k} ${pct(h.p / h.n)}`);
    issues.push({
      issue: `time: test claims are a later period, of new customers only; the base rate and feature effects may drift (training base rate by half year: ${rates.join(', ')})`,
      columns: ['claim_date', 'customer_id'],
      handling:
        'time-based, customer-grouped validation on the latest half year; Platt recalibration fitted on that fold. A base-rate shift in 2024 cannot be seen in training, so the probabilities may be off in level even where the ranking holds.',
    });
  }

  const rate = y.reduce((a, b) => a + b, 0) / Math.max(1, y.length);
  issues.push({
    issue: `class imbalance: ${pct(rate)} of training rows are fraud`,
    columns: [labelColumn],
    handling:
      'no resampling (it would inflate the probabilities); the model is evaluated with average precision and ROC AUC, the probabilities are recalibrated, and the threshold is picked on the validation fold.',
  });
  return issues;
}
