import { join, resolve } from 'node:path';
import { planColumns, type Dictionary } from './columns';
import { fitFeatureSpace, transform } from './features';
import { predictionsCsv, readCsv, readJson, writeAtomic } from './io';
import { censusIssues } from './issues';
import { fitLogistic, linearPredictor, sigmoid } from './logistic';
import { averagePrecision, rocAuc } from './metrics';
import { deduplicate, timeGroupSplit } from './validation';

/**
 * Calibration submission "oversampled": the reference's cleaning, features and
 * validation (src/ other than this file is a copy of exercises/ml/reference/src,
 * since submissions are standalone), with one mistake: positives are oversampled
 * to half the training weight and the probabilities are never recalibrated, so
 * they sit far above the real fraud rate although the ranking is fine.
 * Oversampling is done with row weights (a weight of k is k copies of the row),
 * which fits exactly the model that duplicating the rows would.
 */

const L2 = 1;

/** Weights that make positives half of the total: each positive counts negatives/positives times. */
function oversamplingWeights(y: readonly number[]): Float64Array {
  const positives = y.reduce((a, b) => a + b, 0);
  const factor = (y.length - positives) / Math.max(1, positives);
  return Float64Array.from(y, (v) => (v === 1 ? factor : 1));
}

function main(): void {
  const dataDir = process.env.DATA_DIR;
  if (!dataDir) throw new Error('DATA_DIR is not set: point it at the folder holding train.csv, test.csv and data_dictionary.json');
  const outDir = resolve(process.env.OUT_DIR ?? 'out');
  const started = performance.now();
  const train = readCsv(join(dataDir, 'train.csv'));
  const test = readCsv(join(dataDir, 'test.csv'));
  const dict = readJson(join(dataDir, 'data_dictionary.json')) as Dictionary | undefined;
  if (!dict || !Array.isArray(dict.columns)) throw new Error(`${join(dataDir, 'data_dictionary.json')} is missing or not a data dictionary`);
  const labelCol = train.col(dict.labelColumn);
  const y = Uint8Array.from(train.rows, (r, i) => {
    const v = Number((r[labelCol] ?? '').trim());
    if (v !== 0 && v !== 1) throw new Error(`train.csv line ${i + 2}: ${dict.labelColumn} is "${r[labelCol]}", expected 0 or 1`);
    return v;
  });

  const dedup = deduplicate(train, dict.idColumn, dict.labelColumn, y);
  const plan = planColumns(dict, train, test, y);
  const split = timeGroupSplit(train, dedup.rows, 'claim_date', 'customer_id');

  const fitSpace = fitFeatureSpace(plan.keep, train, split.fit);
  const yFit = split.fit.map((i) => y[i] as number);
  const yVal = split.validation.map((i) => y[i] as number);
  const validationModel = fitLogistic(transform(fitSpace, train, split.fit, plan.keep), yFit, { l2: L2, sampleWeight: oversamplingWeights(yFit) });
  const zVal = linearPredictor(validationModel, transform(fitSpace, train, split.validation, plan.keep));
  const estimates = { roc_auc: rocAuc(zVal, yVal), average_precision: averagePrecision(zVal, yVal) };

  const space = fitFeatureSpace(plan.keep, train, dedup.rows);
  const yAll = dedup.rows.map((i) => y[i] as number);
  const model = fitLogistic(transform(space, train, dedup.rows, plan.keep), yAll, { l2: L2, sampleWeight: oversamplingWeights(yAll) });
  const probabilities = linearPredictor(
    model,
    transform(
      space,
      test,
      test.rows.map((_, i) => i),
      plan.keep,
    ),
  ).map(sigmoid);
  const idCol = test.col(dict.idColumn);
  const ids = test.rows.map((r) => (r[idCol] ?? '').trim());

  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  const issues = censusIssues(train, test, plan.keep, y, dedup, dict.labelColumn).filter((i) => !i.issue.startsWith('class imbalance'));
  const rate = yAll.reduce((a, b) => a + b, 0) / yAll.length;
  issues.push({
    issue: `class imbalance: ${(100 * rate).toFixed(1)}% of training rows are fraud`,
    columns: [dict.labelColumn],
    handling: 'positives oversampled to 50% of the training weight so the model sees balanced classes.',
  });
  const report = {
    schema: 'takehome.ml-report/v1',
    validation: {
      strategy: 'time-group-split',
      time_aware: true,
      group_aware: true,
      description: split.description.replace(' Platt scaling and the threshold are fitted on this validation fold;', ''),
      estimates: { roc_auc: round(estimates.roc_auc), average_precision: round(estimates.average_precision) },
    },
    excluded_features: plan.excluded,
    data_issues: issues,
    imbalance: {
      method: 'oversampling',
      recalibrated: false,
      description: 'Positives oversampled to 50% (each positive weighted negatives/positives times, the same as duplicating it); the balanced model is used as is.',
    },
    threshold: { value: 0.5, reason: 'Classes are balanced after oversampling, so 0.5 is the natural cut.' },
  };
  writeAtomic(outDir, 'predictions.csv', predictionsCsv(ids, probabilities));
  writeAtomic(outDir, 'report.json', `${JSON.stringify(report, null, 2)}\n`);
  process.stderr.write(`oversampled: validation AUC ${estimates.roc_auc.toFixed(3)}, AP ${estimates.average_precision.toFixed(3)}; ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`oversampled: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
