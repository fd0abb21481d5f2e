/**
 * Quick timing of every metric and the bootstrap on synthetic data, until the
 * benchmark harness in bench/ takes it over. Not a test: nothing asserts time.
 *
 *   npx tsx graders/ml/metrics/timing.ts [rows=1000000] [replicates=1000] [decimals=4]
 *
 * Prints one JSON object (milliseconds). `decimals` rounds the probabilities,
 * which sets how many distinct scores (groups) there are; 0 means no rounding.
 */
import { RandomStream } from '../../../harness/secrets';
import { sigmoid } from '../../../harness/stats';
import { bootstrapMetrics, computeMetrics, prepareScores } from './index';

const rows = Number(process.argv[2] ?? 1_000_000);
const replicates = Number(process.argv[3] ?? 1000);
const decimals = Number(process.argv[4] ?? 4);

const data = new RandomStream(Buffer.from('metrics-timing'), 'data');
const y = new Uint8Array(rows);
const p = new Float64Array(rows);
const scale = 10 ** decimals;
for (let i = 0; i < rows; i++) {
  y[i] = data.bernoulli(0.03) ? 1 : 0;
  const logit = -3.5 + 1.6 * y[i]! + data.normal(0, 1);
  const prob = sigmoid(logit);
  p[i] = decimals > 0 ? Math.round(prob * scale) / scale : prob;
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
let t0 = process.hrtime.bigint();
const table = prepareScores(y, p);
const prepareMs = ms(t0);
t0 = process.hrtime.bigint();
const results = computeMetrics(table, { threshold: 0.1 });
const metricsMs = ms(t0);
t0 = process.hrtime.bigint();
const boot = bootstrapMetrics(table, { stream: new RandomStream(Buffer.from('metrics-timing'), 'bootstrap'), replicates, params: { threshold: 0.1 } });
const bootstrapMs = ms(t0);

console.log(
  JSON.stringify({
    rows,
    groups: table.scores.length,
    positives: table.positives,
    replicates,
    prepareMs: Math.round(prepareMs),
    allMetricsMs: Math.round(metricsMs),
    bootstrapMs: Math.round(bootstrapMs),
    bootstrapMsPerReplicate: Math.round((bootstrapMs / replicates) * 10) / 10,
    auc: results.roc_auc.value,
    aucInterval: boot.metrics.roc_auc?.interval,
  }),
);
