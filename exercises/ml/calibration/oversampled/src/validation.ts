import { parseDate } from './clean';
import type { Table } from './io';

/**
 * Deduplication and the validation split. The split holds out the latest half
 * year of claims (the test file is a later half year) and, within it, only
 * customers whose claims were never fitted on (test customers are all new).
 */

export interface Dedup {
  /** Rows kept, in file order. */
  rows: number[];
  exactCopies: number;
  nearCopies: number;
  /** Same id and label, other cells different: the first row is kept. */
  otherCopies: number;
  conflictingIds: number;
  droppedForConflict: number;
}

const normalise = (row: readonly string[], skip: number) => row.map((c, i) => (i === skip ? '' : c.trim().replace(/\s+/g, ' ').toLowerCase())).join('\u0001');

/**
 * One row per claim_id. Copies that agree on the label are dropped (exact, or differing
 * only in case and whitespace); when copies of a claim disagree on the label nobody can
 * say which is right, so the claim is dropped altogether.
 */
export function deduplicate(table: Table, idColumn: string, labelColumn: string, y: Uint8Array): Dedup {
  const idCol = table.col(idColumn);
  const labelCol = table.col(labelColumn);
  const byId = new Map<string, number[]>();
  table.rows.forEach((row, i) => {
    const id = (row[idCol] ?? '').trim();
    const list = byId.get(id);
    if (list) list.push(i);
    else byId.set(id, [i]);
  });
  const keep: number[] = [];
  let exactCopies = 0;
  let nearCopies = 0;
  let otherCopies = 0;
  let conflictingIds = 0;
  let droppedForConflict = 0;
  for (const rows of byId.values()) {
    const first = rows[0] as number;
    const labels = new Set(rows.map((i) => y[i]));
    if (labels.size > 1) {
      conflictingIds += 1;
      droppedForConflict += rows.length;
      continue;
    }
    keep.push(first);
    const exact = (table.rows[first] as string[]).join('\u0001');
    const near = normalise(table.rows[first] as string[], labelCol);
    for (const i of rows.slice(1)) {
      const row = table.rows[i] as string[];
      if (row.join('\u0001') === exact) exactCopies += 1;
      else if (normalise(row, labelCol) === near) nearCopies += 1;
      else otherCopies += 1;
    }
  }
  keep.sort((a, b) => a - b);
  return { rows: keep, exactCopies, nearCopies, otherCopies, conflictingIds, droppedForConflict };
}

/** FNV-1a: a stable hash, so the held-out customers are the same on every run. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export interface Split {
  fit: number[];
  validation: number[];
  cutoffDay: number;
  heldCustomerShare: number;
  description: string;
}

const VALIDATION_DAYS = 182;
const HELD_CUSTOMER_PERCENT = 40;

const isoDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

export function timeGroupSplit(table: Table, rows: readonly number[], dateColumn: string, groupColumn: string): Split {
  const dateCol = table.col(dateColumn);
  const groupCol = table.col(groupColumn);
  const days = rows.map((i) => parseDate((table.rows[i] as string[])[dateCol]));
  const last = days.reduce((a, b) => (Number.isNaN(b) ? a : Math.max(a, b)), -Infinity);
  const cutoffDay = last - VALIDATION_DAYS + 1;
  const held = (i: number) => hash(((table.rows[i] as string[])[groupCol] ?? '').trim()) % 100 < HELD_CUSTOMER_PERCENT;
  const fit: number[] = [];
  const validation: number[] = [];
  rows.forEach((i, k) => {
    const late = (days[k] as number) >= cutoffDay;
    if (held(i)) {
      if (late) validation.push(i);
    } else if (!late) {
      fit.push(i);
    }
  });
  return {
    fit,
    validation,
    cutoffDay,
    heldCustomerShare: HELD_CUSTOMER_PERCENT / 100,
    description:
      `Time- and customer-grouped holdout. Validation = claims filed from ${isoDay(cutoffDay)} to ${isoDay(last)} (the last ${VALIDATION_DAYS} days of train, as long as the test period) ` +
      `by a fixed ${HELD_CUSTOMER_PERCENT}% of customers (hash of customer_id); the model is fitted on earlier claims of the other customers only, so no validation customer is ever fitted on ` +
      `(test customers are all new) and nothing after the cutoff is used. ${fit.length} fitting rows, ${validation.length} validation rows after deduplication. ` +
      'Rows are never split by file order (train.csv is sorted). Platt scaling and the threshold are fitted on this validation fold; the final model is refitted on all deduplicated rows.',
  };
}
