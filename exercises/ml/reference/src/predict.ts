import { join, resolve } from 'node:path';
import { planColumns, type Dictionary } from './columns';
import { fitFeatureSpace, transform } from './features';
import { predictionsCsv, readCsv, readJson, writeAtomic } from './io';
import { censusIssues } from './issues';
import { fitLogistic, fitPlatt, linearPredictor, sigmoid } from './logistic';
import { averagePrecision, bestF1Threshold, rocAuc } from './metrics';
import { deduplicate, timeGroupSplit } from './validation';

/**
 * The reference submission: reads $DATA_DIR/train.csv, test.csv and
 * data_dictionary.json, writes $OUT_DIR/predictions.csv and report.json.
 * Deterministic: no random draws at all (the held-out customers come from a hash).
 */

const L2 = 1;

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

  // Validation: fit on the early claims of the other customers, score the held-out late claims.
  const fitSpace = fitFeatureSpace(plan.keep, train, split.fit);
  const xFit = transform(fitSpace, train, split.fit, plan.keep);
  const xVal = transform(fitSpace, train, split.validation, plan.keep);
  const yFit = split.fit.map((i) => y[i] as number);
  const yVal = split.validation.map((i) => y[i] as number);
  const validationModel = fitLogistic(xFit, yFit, { l2: L2 });
  const zVal = linearPredictor(validationModel, xVal);
  const estimates = { roc_auc: rocAuc(zVal, yVal), average_precision: averagePrecision(zVal, yVal) };
  const platt = fitPlatt(zVal, yVal);
  const calibratedVal = zVal.map((z) => sigmoid(platt.a * z + platt.b));
  const threshold = bestF1Threshold(calibratedVal, yVal);

  // Final model: every deduplicated row, the validation fold's calibration on top.
  const space = fitFeatureSpace(plan.keep, train, dedup.rows);
  const model = fitLogistic(
    transform(space, train, dedup.rows, plan.keep),
    dedup.rows.map((i) => y[i] as number),
    { l2: L2 },
  );
  const testRows = test.rows.map((_, i) => i);
  const zTest = linearPredictor(model, transform(space, test, testRows, plan.keep));
  const probabilities = zTest.map((z) => sigmoid(platt.a * z + platt.b));
  const idCol = test.col(dict.idColumn);
  const ids = test.rows.map((r) => (r[idCol] ?? '').trim());

  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  const report = {
    schema: 'takehome.ml-report/v1',
    validation: {
      strategy: 'time-group-split',
      time_aware: true,
      group_aware: true,
      description: split.description,
      estimates: { roc_auc: round(estimates.roc_auc), average_precision: round(estimates.average_precision) },
    },
    excluded_features: plan.excluded,
    data_issues: censusIssues(train, test, plan.keep, y, dedup, dict.labelColumn),
    imbalance: {
      method: 'none',
      recalibrated: true,
      description: `No resampling or class weights: an L2 logistic regression (IRLS, penalty ${L2}) on ${space.names.length} standardised and one-hot features keeps probabilities on the data's scale; Platt scaling (a = ${platt.a.toFixed(3)}, b = ${platt.b.toFixed(3)}) fitted on the time- and customer-grouped validation fold corrects the rest.`,
    },
    threshold: {
      value: round(threshold.threshold),
      reason: `The calibrated probability that maximises F1 on the validation fold (F1 ${threshold.f1.toFixed(3)}); a review team with another budget should pick its own cut on the probabilities.`,
    },
  };
  writeAtomic(outDir, 'predictions.csv', predictionsCsv(ids, probabilities));
  writeAtomic(outDir, 'report.json', `${JSON.stringify(report, null, 2)}\n`);
  process.stderr.write(
    `reference: ${dedup.rows.length} training rows after deduplication, ${plan.keep.length} columns kept, ${plan.excluded.length} excluded, ${space.names.length} features; ` +
      `validation AUC ${estimates.roc_auc.toFixed(3)}, AP ${estimates.average_precision.toFixed(3)}; Newton steps ${validationModel.iterations}/${model.iterations}; ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

try {
  main();
} catch (error) {
  process.stderr.write(`reference: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
