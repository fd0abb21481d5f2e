import { isNull, normaliseCategory, parseNumber } from './clean';
import type { Table } from './io';
import { rocAuc } from './metrics';

/**
 * Which columns may be features, decided the way a candidate would: from the data
 * dictionary's "recorded" column (is the value known when the claim is filed?),
 * its types, and checks on the files (empty in test, near-constant). Every
 * exclusion carries its reason and, where the data shows it, the evidence.
 */

export interface ColumnDoc {
  name: string;
  type: string;
  description: string;
  recordedWhen: string;
}

export interface Dictionary {
  idColumn: string;
  labelColumn: string;
  columns: ColumnDoc[];
}

export interface Exclusion {
  column: string;
  reason: string;
}

export interface ColumnPlan {
  keep: ColumnDoc[];
  excluded: Exclusion[];
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Share of rows with a value (no null marker). */
function filledShare(table: Table, name: string): number {
  if (!table.has(name) || table.rows.length === 0) return 0;
  const c = table.col(name);
  let filled = 0;
  for (const row of table.rows) if (!isNull(row[c]) && row[c]?.trim() !== '-999') filled += 1;
  return filled / table.rows.length;
}

/** Train AUC of a column on its own (ids read as their digits): evidence that a value knows the label. */
function soloAuc(table: Table, name: string, y: Uint8Array): number | undefined {
  const c = table.col(name);
  const x = table.rows.map((r) => {
    const cell = r[c] ?? '';
    const digits = /^[A-Za-z]+-(\d+)$/.exec(cell.trim());
    return digits ? Number(digits[1]) : parseNumber(cell);
  });
  const keep = x.map((v, i) => (Number.isNaN(v) ? -1 : i)).filter((i) => i >= 0);
  if (keep.length < table.rows.length * 0.5) return undefined;
  const auc = rocAuc(
    keep.map((i) => x[i] as number),
    keep.map((i) => y[i] as number),
  );
  return Number.isFinite(auc) ? Math.max(auc, 1 - auc) : undefined;
}

/** The level with the highest positive share among levels holding at least 1% of rows. */
function riskiestLevel(table: Table, name: string, y: Uint8Array): { level: string; share: number; rows: number } | undefined {
  const c = table.col(name);
  const n = new Map<string, number>();
  const pos = new Map<string, number>();
  table.rows.forEach((r, i) => {
    const level = (r[c] ?? '').trim();
    n.set(level, (n.get(level) ?? 0) + 1);
    pos.set(level, (pos.get(level) ?? 0) + (y[i] as number));
  });
  let best: { level: string; share: number; rows: number } | undefined;
  for (const [level, count] of n) {
    if (count < table.rows.length * 0.01) continue;
    const share = (pos.get(level) ?? 0) / count;
    if (!best || share > best.share) best = { level, share, rows: count };
  }
  return best;
}

function topShare(table: Table, name: string): { level: string; share: number } {
  const c = table.col(name);
  const counts = new Map<string, number>();
  let filled = 0;
  for (const r of table.rows) {
    const level = normaliseCategory(r[c]);
    if (level === undefined) continue;
    filled += 1;
    counts.set(level, (counts.get(level) ?? 0) + 1);
  }
  let top = { level: '', share: 0 };
  for (const [level, count] of counts) if (count / Math.max(1, filled) > top.share) top = { level, share: count / filled };
  return top;
}

const NOT_DOCUMENTED = /does not document|undocumented/i;
const FROM_OUTCOMES = /confirmed (claim )?outcomes|confirmed fraudulent|labelled claims/i;
const LOOKS_AHEAD = /either side|after the claim date|later claims/i;
const AFTER_FILING = /investigation|after the claim is filed|after filing|at extraction/i;
const LOAD_METADATA = /loaded into the warehouse|warehouse load/i;

export function planColumns(dict: Dictionary, train: Table, test: Table, y: Uint8Array): ColumnPlan {
  const keep: ColumnDoc[] = [];
  const excluded: Exclusion[] = [];
  const docs = new Map(dict.columns.map((c) => [c.name, c]));
  const evidence = (name: string) => {
    const auc = soloAuc(train, name, y);
    return auc !== undefined && auc > 0.6 ? ` On its own it scores a training AUC of ${auc.toFixed(2)}, far more than a filing-time signal should.` : '';
  };
  for (const name of train.header.map((h) => h.trim())) {
    if (name === dict.labelColumn) continue;
    const doc = docs.get(name);
    const exclude = (reason: string) => excluded.push({ column: name, reason });
    if (!doc) {
      exclude('not in the data dictionary: unknown meaning and recording time');
      continue;
    }
    const when = doc.recordedWhen;
    if (doc.type === 'id') {
      const batch =
        name === dict.idColumn
          ? ' Ids from QF-4000000 up were handed out by the 2023 records migration and by later re-entry, so the number encodes how a record was loaded, not the claim.'
          : ' Test customers never appear in training, so a per-customer encoding cannot transfer; the validation groups by it instead.';
      exclude(`identifier, not a property of the claim.${batch}${evidence(name)}`);
      continue;
    }
    if (NOT_DOCUMENTED.test(doc.description)) {
      exclude(
        'undocumented anonymised telematics channel (aux_*) with no plausible link to the outcome; picking some of these noise columns on the training data would only find chance correlations (feature selection on the full data overfits).',
      );
      continue;
    }
    if (FROM_OUTCOMES.test(when) || FROM_OUTCOMES.test(doc.description)) {
      const ahead = LOOKS_AHEAD.test(doc.description)
        ? ' Its training value uses a window centred on the claim date (look-ahead into later claims, own row included) while test rows carry a frozen last window.'
        : " It is a target encoding computed over all labelled training claims, each row's own label included (target leakage).";
      exclude(`label-aggregated: computed from confirmed fraud outcomes (${when}), which are not known when a claim is filed.${ahead}${evidence(name)}`);
      continue;
    }
    if (AFTER_FILING.test(when)) {
      const what = /investigation|extraction/i.test(when)
        ? 'post-outcome information, not available at prediction time'
        : 'not known yet when the claim is filed, which is when the prediction is made';
      exclude(`recorded after the claim is filed (${when}): ${what}.${evidence(name)}`);
      continue;
    }
    if (LOAD_METADATA.test(when)) {
      const risky = riskiestLevel(train, name, y);
      const note = risky ? ` In training, the ${risky.level} batch (${risky.rows} rows) is ${pct(risky.share)} fraud: the migration re-keyed confirmed frauds, and test batches are new quarters.` : '';
      exclude(`warehouse load metadata (${when}), an artefact of how the extract was built, not of the claim.${note}`);
      continue;
    }
    const trainFilled = filledShare(train, name);
    const testFilled = filledShare(test, name);
    if (trainFilled > 0.1 && testFilled < 0.01) {
      exclude(
        `empty in test (${pct(testFilled)} filled in test.csv vs ${pct(trainFilled)} in train.csv): missing at prediction time${/retired/i.test(when) ? '; the dictionary says the legacy system was retired on 2023-12-31' : ''}.`,
      );
      continue;
    }
    if (doc.type === 'category') {
      const top = topShare(train, name);
      if (top.share >= 0.99) {
        exclude(`near-constant: "${top.level}" on ${pct(top.share)} of filled training rows, too little variation to learn from.`);
        continue;
      }
    }
    keep.push(doc);
  }
  return { keep, excluded };
}
