import { join, resolve } from 'node:path';
import { fitRawSpace, rawMatrix, subset } from './features';
import { predictionsCsv, readCsv, writeAtomic } from './io';
import { fitLogistic, predictProbabilities } from './logistic';
import { averagePrecision, rocAuc } from './metrics';

/**
 * Calibration submission "leaky": the mistakes the exercise is built to catch, on
 * purpose. Every column goes in (claim_id, ingest_batch, investigation_calls, the
 * fraud-rate columns, aux_* noise), nothing is deduplicated, and a random 5-fold
 * CV on rows reports the resulting (optimistic) score. Seeded, so reproducible.
 *
 * With --dishonest-report (calibration/leaky-dishonest runs it so) the same
 * model comes with a report that lies: a time- and customer-grouped validation
 * with a modest, reference-like estimate, every leaky column listed as excluded
 * and every cleaning step claimed. The predictions still use all of it; the
 * grader must catch the same traps.
 */

const FOLDS = 5;
const SEED = 20240101;

/** mulberry32: a small seeded generator, so the folds are the same on every run. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DISHONEST_EXCLUDED = ['claim_id', 'ingest_batch', 'customer_id', 'investigation_calls', 'route_fraud_rate', 'hub_fraud_rate_14d', 'legacy_risk_code', 'currency'];

function dishonest(report: Record<string, unknown>, header: readonly string[]): Record<string, unknown> {
  const columns = [...DISHONEST_EXCLUDED, ...header.filter((h) => h.startsWith('aux_'))];
  return {
    ...report,
    validation: {
      strategy: 'time-group-split',
      time_aware: true,
      group_aware: true,
      description: 'Trained on claims before the last six months of train, validated on the last six months for customers never fitted on (GroupKFold on customer_id).',
      estimates: { roc_auc: 0.79, average_precision: 0.24 },
    },
    excluded_features: columns.map((column) => ({ column, reason: 'identifier, post-outcome, target leakage, noise or empty in test: not available at prediction time' })),
    data_issues: [
      { issue: 'duplicates and conflicting labels', columns: ['claim_id'], handling: 'deduplicated on claim_id' },
      { issue: 'null markers and the -999 sentinel', columns: [], handling: 'mapped to missing' },
      { issue: 'category spellings and case', columns: ['packaging_type'], handling: 'normalised' },
      { issue: 'mixed amount, date and boolean formats', columns: ['claim_amount', 'claim_date'], handling: 'parsed' },
    ],
    imbalance: { method: 'none', recalibrated: true, description: 'Platt scaling on the validation fold.' },
  };
}

function main(): void {
  const dataDir = process.env.DATA_DIR;
  if (!dataDir) throw new Error('DATA_DIR is not set: point it at the folder holding train.csv and test.csv');
  const outDir = resolve(process.env.OUT_DIR ?? 'out');
  const started = performance.now();
  const train = readCsv(join(dataDir, 'train.csv'));
  const test = readCsv(join(dataDir, 'test.csv'));
  const labelCol = train.col('is_fraud');
  const y = Uint8Array.from(train.rows, (r) => (Number(r[labelCol]) === 1 ? 1 : 0));

  const space = fitRawSpace(train, 'is_fraud');
  const x = rawMatrix(space, train);

  const random = generator(SEED);
  const order = train.rows.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const fold = new Int32Array(order.length);
  order.forEach((row, k) => (fold[row] = k % FOLDS));
  // The full-data model first: each fold starts from its weights and needs only a few Newton steps to its own optimum.
  const model = fitLogistic(x, y, { l2: 1, maxIterations: 8 });
  const aucs: number[] = [];
  const aps: number[] = [];
  for (let f = 0; f < FOLDS; f++) {
    const fitRows = order.filter((i) => fold[i] !== f);
    const heldRows = order.filter((i) => fold[i] === f);
    const foldModel = fitLogistic(
      subset(x, fitRows),
      fitRows.map((i) => y[i] as number),
      { l2: 1, maxIterations: 3, initialWeights: model.weights },
    );
    const p = predictProbabilities(foldModel, subset(x, heldRows));
    const yHeld = heldRows.map((i) => y[i] as number);
    aucs.push(rocAuc(p, yHeld));
    aps.push(averagePrecision(p, yHeld));
  }
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const probabilities = predictProbabilities(model, rawMatrix(space, test));
  const idCol = test.col('claim_id');
  const ids = test.rows.map((r) => r[idCol] ?? '');
  const round = (v: number) => Math.round(v * 10_000) / 10_000;
  const report = {
    schema: 'takehome.ml-report/v1',
    validation: {
      strategy: 'random-kfold',
      time_aware: false,
      group_aware: false,
      description: `Random ${FOLDS}-fold cross-validation over the rows of train.csv (shuffled with a fixed seed), mean of the fold scores. Every column is used.`,
      estimates: { roc_auc: round(mean(aucs)), average_precision: round(mean(aps)) },
    },
    excluded_features: [],
    data_issues: [],
    imbalance: { method: 'none', recalibrated: false, description: 'A plain logistic regression on all rows.' },
    threshold: { value: 0.5, reason: 'The default.' },
  };
  writeAtomic(outDir, 'predictions.csv', predictionsCsv(ids, probabilities));
  const written = process.argv.includes('--dishonest-report') ? dishonest(report, train.header) : report;
  writeAtomic(outDir, 'report.json', `${JSON.stringify(written, null, 2)}\n`);
  process.stderr.write(`leaky: ${space.names.length} features; CV AUC ${mean(aucs).toFixed(3)}, AP ${mean(aps).toFixed(3)}; ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`leaky: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
