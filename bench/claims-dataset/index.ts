/**
 * Benchmark and property report of the claims generator: generation time of the
 * default 80,000-row dataset, and the measured properties (base rates, oracle,
 * honest-model and leak-column AUCs) over a few seeds.
 *
 *   npx tsx bench/claims-dataset/index.ts            (prints JSON)
 *
 * It follows the bench/ contract (`run(ctx)` returning a BenchReport).
 */
import { pathToFileURL } from 'node:url';
import type { BenchContext, BenchMetric, BenchReport } from '../types';
import { deriveCandidateSeed } from '../../harness/secrets';
import { fitLogistic, median, predictLogit } from '../../harness/stats';
import { generateClaimsDataset } from '../../datasets/claims/generate';
import { auc } from '../../datasets/claims/metrics';
import { parseTable, type Table } from '../../datasets/claims/testing/clean';
import { buildVocabulary, honestFeatures } from '../../datasets/claims/testing/features';

const SEEDS = ['ada-lovelace', 'grace-hopper', 'alan-turing'];
const GOAL_MS = 5000;

function honestTestAuc(train: Table, test: Table, labels: Map<string, 0 | 1>): number {
  const vocab = buildVocabulary(train);
  const y = train.values('is_fraud').map(Number);
  const w = fitLogistic(honestFeatures(train, vocab), y);
  const xTest = honestFeatures(test, vocab);
  const ids = test.values('claim_id');
  const scored = ids.map((id, i) => (labels.has(id) ? i : -1)).filter((i) => i >= 0);
  return auc(
    scored.map((i) => predictLogit(w, xTest[i]!)),
    scored.map((i) => labels.get(ids[i]!)!),
  );
}

export async function run(ctx: BenchContext): Promise<BenchReport> {
  const metrics: BenchMetric[] = [];
  const times: number[] = [];
  for (const [k, who] of SEEDS.entries()) {
    const seed = deriveCandidateSeed('demo', 'ml', who);
    const start = performance.now();
    const ds = generateClaimsDataset(seed);
    const ms = performance.now() - start;
    times.push(ms);
    ctx.log(`${who}: generated in ${ms.toFixed(0)} ms`);
    const m = (trap: number, key: string) => Number(ds.hidden.catalog.find((t) => t.id === trap)!.measured[key]);
    const tag = `seed ${k + 1}`;
    metrics.push(
      { name: `${tag} train base rate`, value: ds.hidden.baseRates.train, unit: 'share', goal: '0.03-0.06', pass: ds.hidden.baseRates.train >= 0.03 && ds.hidden.baseRates.train <= 0.06 },
      { name: `${tag} test base rate`, value: ds.hidden.baseRates.test, unit: 'share', goal: '> train', pass: ds.hidden.baseRates.test > ds.hidden.baseRates.train },
      { name: `${tag} oracle test AUC`, value: ds.hidden.oracle.testAuc, unit: 'AUC' },
      { name: `${tag} honest logistic test AUC`, value: honestTestAuc(parseTable(ds.trainCsv), parseTable(ds.testCsv), ds.hidden.labels), unit: 'AUC' },
      { name: `${tag} investigation_calls AUC train/test`, value: m(1, 'trainAuc') - m(1, 'testAuc'), unit: `gap (${m(1, 'trainAuc')} / ${m(1, 'testAuc')})` },
      { name: `${tag} route_fraud_rate AUC train/test`, value: m(2, 'trainAuc') - m(2, 'testAuc'), unit: `gap (${m(2, 'trainAuc')} / ${m(2, 'testAuc')})` },
      { name: `${tag} claim_id AUC train/test`, value: m(3, 'idTrainAuc') - m(3, 'idTestAuc'), unit: `gap (${m(3, 'idTrainAuc')} / ${m(3, 'idTestAuc')})` },
      { name: `${tag} hub_fraud_rate_14d AUC train/test`, value: m(5, 'hubRateTrainAuc') - m(5, 'hubRateTestAuc'), unit: `gap (${m(5, 'hubRateTrainAuc')} / ${m(5, 'hubRateTestAuc')})` },
    );
  }
  const med = median(times);
  metrics.unshift({ name: 'generate 60k train + 20k test (median)', value: med, unit: 'ms', goal: `< ${GOAL_MS} ms`, pass: med < GOAL_MS });
  return {
    metrics,
    notes: [`${SEEDS.length} seeds, demo secret; one generation each; timings include CSV rendering and trap measurement, on a shared 2-core machine`],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = await run({ root: process.cwd(), log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
