import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { predictionsCsv, readCsv, writeAtomic } from './io';

/**
 * Calibration submission "constant": the training base rate for every test claim.
 * Its report is honest: a constant ranks nothing (ROC AUC 0.5) and its average
 * precision is the positive share of the rows it is scored on, here the latest
 * half year of training claims. Any model worth submitting beats it.
 *
 * With --stuffed-report (calibration/report-stuffing runs it so) the same
 * predictions come with a report stuffed to buy trap verdicts with words: every
 * column listed as excluded with a reason, every data issue a reviewer could
 * name, a time- and customer-grouped validation claimed. The grader must not
 * call any trap avoided on such words.
 */

const MS_PER_DAY = 86_400_000;

/** The claim_date forms of the extract; NaN for anything else. */
function day(cell: string | undefined): number {
  const s = (cell ?? '').trim();
  let m = /^(\d{4})[-/](\d{2})[-/](\d{2})$/.exec(s);
  if (m) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
  m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  if (m) return Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2])) / MS_PER_DAY;
  m = /^(\d{2})-([A-Za-z]{3})-(\d{4})$/.exec(s);
  const month = m ? ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].indexOf((m[2] as string).toLowerCase()) : -1;
  return m && month >= 0 ? Date.UTC(Number(m[3]), month, Number(m[1])) / MS_PER_DAY : Number.NaN;
}

/** Words for every issue a reviewer of this extract could name, none of them backed by any work. */
const STUFFED_ISSUES = [
  { issue: 'exact duplicates, near-duplicates and conflicting labels', handling: 'deduplicated on claim_id; conflicting labels dropped' },
  { issue: 'mixed null markers and the -999 sentinel', handling: 'mapped every null token and -999 to missing' },
  { issue: 'category spelling, case and whitespace variants; an unseen category (Tote)', handling: 'normalised; unseen level bucket' },
  { issue: 'mixed amount, date, boolean and unit formats (1.2k, $, lb)', handling: 'parsed every format' },
  { issue: 'train.csv is sorted by batch and label', handling: 'shuffled and stratified' },
  { issue: 'time drift of the base rate; look-ahead window rate', handling: 'time-based validation, recalibrated to the new base rate' },
  { issue: 'repeated customers', handling: 'group k-fold by customer_id' },
];

function stuffedReport(dictionary: { columns: { name: string }[] }, report: Record<string, unknown>, lateRate: number): Record<string, unknown> {
  return {
    ...report,
    validation: {
      strategy: 'time-group-split',
      time_aware: true,
      group_aware: true,
      description:
        'Time-based split on claim_date (latest months held out), grouped by customer_id (GroupKFold), after shuffling the sorted file; stratified; no target encoding; feature selection inside the folds.',
      estimates: { roc_auc: 0.5, average_precision: lateRate },
    },
    excluded_features: dictionary.columns.map((c) => ({
      column: c.name,
      reason: 'excluded: post-outcome, target leakage, identifier, noise, empty in test or near-constant (not available at prediction)',
    })),
    data_issues: STUFFED_ISSUES.map((i) => ({ ...i, columns: [] })),
  };
}

function main(): void {
  const dataDir = process.env.DATA_DIR;
  if (!dataDir) throw new Error('DATA_DIR is not set: point it at the folder holding train.csv and test.csv');
  const outDir = resolve(process.env.OUT_DIR ?? 'out');
  const train = readCsv(join(dataDir, 'train.csv'));
  const test = readCsv(join(dataDir, 'test.csv'));
  const labelCol = train.col('is_fraud');
  const dateCol = train.col('claim_date');
  const y: number[] = train.rows.map((r) => (Number((r[labelCol] ?? '').trim()) === 1 ? 1 : 0));
  const rate = y.reduce((a, b) => a + b, 0) / Math.max(1, y.length);
  const days = train.rows.map((r) => day(r[dateCol]));
  const last = days.reduce((a, b) => (Number.isNaN(b) ? a : Math.max(a, b)), -Infinity);
  const late = days.map((d, i) => (d > last - 182 ? i : -1)).filter((i) => i >= 0);
  const lateRate = late.reduce((a, i) => a + (y[i] as number), 0) / Math.max(1, late.length);
  const round = (x: number) => Math.round(x * 10_000) / 10_000;

  const idCol = test.col('claim_id');
  const ids = test.rows.map((r) => (r[idCol] ?? '').trim());
  const report = {
    schema: 'takehome.ml-report/v1',
    validation: {
      strategy: 'time-split',
      time_aware: true,
      group_aware: false,
      description: `No model: every claim gets the training base rate (${round(rate)}). Scored on the last 182 days of train (${late.length} rows): a constant has ROC AUC 0.5 and an average precision equal to that period's fraud share.`,
      estimates: { roc_auc: 0.5, average_precision: round(lateRate) },
    },
    excluded_features: [],
    data_issues: [],
    imbalance: { method: 'none', recalibrated: false, description: 'The base rate is already the calibrated probability of a model that knows nothing.' },
    threshold: { value: round(rate), reason: 'Every claim has the same probability; any threshold flags all claims or none.' },
  };
  writeAtomic(
    outDir,
    'predictions.csv',
    predictionsCsv(
      ids,
      ids.map(() => rate),
    ),
  );
  const stuffed = process.argv.includes('--stuffed-report');
  const dictionary = stuffed ? (JSON.parse(readFileSync(join(dataDir, 'data_dictionary.json'), 'utf8')) as { columns: { name: string }[] }) : undefined;
  const written = dictionary ? stuffedReport(dictionary, report, round(lateRate)) : report;
  writeAtomic(outDir, 'report.json', `${JSON.stringify(written, null, 2)}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`constant: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
