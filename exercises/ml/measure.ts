import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClaimsDataset, writeCandidateData } from '../../datasets/claims';
import { DEMO_SECRET, deriveCandidateSeed } from '../../harness/secrets';
import { RUN_SUBMISSIONS, runSubmission, runSubmissionSandboxed, scoreOutputs, type RunSubmissionName } from './submissions';

/**
 * Measure the run submissions on full-size datasets of the demo secret:
 *   npx tsx exercises/ml/measure.ts [--sandbox] [candidate ...]
 * (--sandbox runs each submission in harness/sandbox as the grader does; as root for full isolation.)
 * Prints, per candidate and submission: run time, hidden AP with its 95% bootstrap
 * interval, hidden ROC AUC, the reported estimate, mean probability against the
 * test base rate, the strongest leak-column correlation and the largest twin gap.
 */

const args = process.argv.slice(2);
const sandbox = args.includes('--sandbox');
const named = args.filter((a) => a !== '--sandbox');
const CANDIDATES = named.length > 0 ? named : ['demo-candidate', 'ada-lovelace', 'grace-hopper', 'alan-turing'];
const f3 = (x: number) => x.toFixed(3);

for (const candidate of CANDIDATES) {
  const seed = deriveCandidateSeed(DEMO_SECRET, 'ml', candidate);
  const dataset = generateClaimsDataset(seed);
  const scratch = await mkdtemp(join(tmpdir(), 'takehome-ml-measure-'));
  try {
    const dataDir = join(scratch, 'data');
    await writeCandidateData(dataDir, dataset);
    const { hidden } = dataset;
    console.log(
      `\n${candidate}${sandbox ? ' [sandboxed]' : ''} (variant ${hidden.variant}): test base rate ${hidden.baseRates.test}, train ${hidden.baseRates.train}, oracle test AUC ${hidden.oracle.testAuc}`,
    );
    console.log('submission   time_s  hidden_AP [95% CI]        hidden_AUC  reported_AP/AUC  mean_p  twin_gap  leak Spearman (calls, route, id, hub)');
    for (const name of Object.keys(RUN_SUBMISSIONS) as RunSubmissionName[]) {
      const run = sandbox
        ? await runSubmissionSandboxed(RUN_SUBMISSIONS[name], dataDir)
        : { ...(await runSubmission(RUN_SUBMISSIONS[name], dataDir, join(scratch, name))), outDir: join(scratch, name), cleanup: async () => {} };
      const s = await scoreOutputs(run.outDir, hidden, seed);
      await run.cleanup();
      const est = s.report.validation.estimates;
      const leaks = ['investigation_calls', 'route_fraud_rate', 'claim_id', 'hub_fraud_rate_14d'].map((c) => (s.leakCorrelation[c] ?? Number.NaN).toFixed(2).padStart(5));
      console.log(
        `${name.padEnd(12)} ${(run.ms / 1000).toFixed(1).padStart(6)}  ${f3(s.averagePrecision)} [${f3(s.apInterval.low)}, ${f3(s.apInterval.high)}]  ${f3(s.rocAuc)}       ` +
          `${est.average_precision === undefined ? '  -  ' : f3(est.average_precision)}/${est.roc_auc === undefined ? '  -  ' : f3(est.roc_auc)}      ${f3(s.meanProbability)}   ${s.maxTwinGap.toFixed(3)}     ${leaks.join(' ')}`,
      );
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
