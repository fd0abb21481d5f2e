import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClaimsHiddenKey } from '../../datasets/claims';
import { parsePredictions } from '../../graders/ml/predictions';
import { bootstrapMetrics, computeMetrics, prepareScores } from '../../graders/ml/metrics';
import { parseMlReport, type MlReport } from '../../graders/ml/report';
import { HARNESS_ROOT, runSandboxed } from '../../harness/sandbox';
import { createStream, type CandidateSeed } from '../../harness/secrets';
import { spearman } from '../../harness/stats';

/**
 * Run the ML reference and calibration submissions directly (a child process with
 * the harness's node_modules/.bin on PATH, not the sandbox) and score their
 * outputs against a dataset's hidden key. Used by submissions.e2e.test.ts and
 * measure.ts; the grader (graders/ml) does the real thing inside the sandbox.
 */

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');

export const RUN_SUBMISSIONS = {
  reference: join(HERE, 'reference'),
  'reference-python': join(HERE, 'reference-python'),
  leaky: join(HERE, 'calibration/leaky'),
  'leaky-python': join(HERE, 'calibration/leaky-python'),
  oversampled: join(HERE, 'calibration/oversampled'),
  constant: join(HERE, 'calibration/constant'),
} as const;
export type RunSubmissionName = keyof typeof RUN_SUBMISSIONS;

/** Each writes valid outputs except for the one defect in its name (see README.md). */
export const MALFORMED_SUBMISSIONS = ['missing-id', 'probability-out-of-range', 'nan-probability', 'duplicate-id', 'report-missing-estimates'] as const;
export const malformedDir = (name: (typeof MALFORMED_SUBMISSIONS)[number]) => join(HERE, 'malformed', name);

export interface RunResult {
  ms: number;
  stderr: string;
}

/** Run takehome.json's `run` command in `dir` with DATA_DIR and OUT_DIR set; rejects with stderr on a non-zero exit. */
export async function runSubmission(dir: string, dataDir: string, outDir: string, timeoutMs = 120_000): Promise<RunResult> {
  const manifest = JSON.parse(await readFile(join(dir, 'takehome.json'), 'utf8')) as { run?: string };
  if (!manifest.run) throw new Error(`${dir}/takehome.json has no run command`);
  const started = performance.now();
  return new Promise((done, fail) => {
    execFile(
      '/bin/sh',
      ['-c', manifest.run as string],
      {
        cwd: dir,
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
        // The sandbox's PATH (node's folder, /usr/local/bin, /usr/bin, /bin), so python3 is the system one the grader uses.
        env: {
          PATH: [join(ROOT, 'node_modules/.bin'), dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
          HOME: process.env.HOME ?? '/tmp',
          DATA_DIR: dataDir,
          OUT_DIR: outDir,
        },
      },
      (error, _stdout, stderr) => {
        if (error) fail(new Error(`${dir}: ${error.message}\n${stderr}`));
        else done({ ms: performance.now() - started, stderr });
      },
    );
  });
}

/**
 * The same run inside harness/sandbox, as the grader will do it: DATA_DIR mounted
 * read-only, the harness's node_modules mounted at the submission's, OUT_DIR=out in
 * the working copy. Returns the output folder; call cleanup() when done with it.
 */
export async function runSubmissionSandboxed(dir: string, dataDir: string): Promise<RunResult & { outDir: string; cleanup: () => Promise<void> }> {
  const manifest = JSON.parse(await readFile(join(dir, 'takehome.json'), 'utf8')) as { run?: string };
  if (!manifest.run) throw new Error(`${dir}/takehome.json has no run command`);
  const result = await runSandboxed({
    command: manifest.run,
    submissionDir: dir,
    env: { DATA_DIR: dataDir, OUT_DIR: 'out' },
    readOnlyMounts: [
      { source: dataDir, target: dataDir },
      { source: join(HARNESS_ROOT, 'node_modules'), target: 'node_modules' },
    ],
    excludeFromCopy: ['node_modules', '.git', 'out'],
    limits: { wallMs: 120_000 },
  });
  if (result.exitCode !== 0) {
    await result.cleanup();
    throw new Error(`${dir}: exit ${result.exitCode}${result.timedOut ? ' (timed out)' : ''} in the sandbox (${result.mode})\n${result.stderr.slice(-2000)}`);
  }
  return { ms: result.durationMs, stderr: result.stderr, outDir: join(result.workDir, 'out'), cleanup: result.cleanup };
}

export interface HiddenScore {
  report: MlReport;
  predictions: Map<string, number>;
  averagePrecision: number;
  rocAuc: number;
  /** 95% stratified bootstrap interval of the hidden average precision. */
  apInterval: { low: number; high: number };
  meanProbability: number;
  /** Spearman correlation (harness/stats) of the predictions with each leak column's test values; 0 when either side is constant. */
  leakCorrelation: Record<string, number>;
  /** Largest |p(twin) - p(original)| over the nuisance twin probes (effect twins change a real attribute). */
  maxTwinGap: number;
}

/** Parse a submission's outputs with the grader's own parsers and score them on the hidden key. */
export async function scoreOutputs(outDir: string, hidden: ClaimsHiddenKey, seed: CandidateSeed, replicates = 1000): Promise<HiddenScore> {
  const predictions = await parsePredictions(join(outDir, 'predictions.csv'), hidden.testIds);
  const report = await parseMlReport(join(outDir, 'report.json'));
  const y = Uint8Array.from(hidden.scoredIds, (id) => hidden.labels.get(id) as number);
  const p = Float64Array.from(hidden.scoredIds, (id) => predictions.get(id) as number);
  const table = prepareScores(y, p);
  const metrics = computeMetrics(table);
  const boot = bootstrapMetrics(table, { stream: createStream(seed, 'ml.reference-check'), replicates, metrics: ['average_precision'] });
  const interval = boot.metrics.average_precision?.interval;
  const leakCorrelation: Record<string, number> = {};
  for (const { column } of hidden.leakColumns) {
    const values = hidden.leakValues[column] as Map<string, number>;
    const ids = hidden.testIds.filter((id) => values.has(id));
    leakCorrelation[column] =
      spearman(
        ids.map((id) => predictions.get(id) as number),
        ids.map((id) => values.get(id) as number),
      ) ?? 0;
  }
  let maxTwinGap = 0;
  for (const t of hidden.twins) {
    if (t.oracleShift === undefined) maxTwinGap = Math.max(maxTwinGap, Math.abs((predictions.get(t.id) as number) - (predictions.get(t.twinOf) as number)));
  }
  return {
    report,
    predictions,
    averagePrecision: metrics.average_precision.value as number,
    rocAuc: metrics.roc_auc.value as number,
    apInterval: { low: interval?.low ?? Number.NaN, high: interval?.high ?? Number.NaN },
    meanProbability: p.reduce((a, b) => a + b, 0) / p.length,
    leakCorrelation,
    maxTwinGap,
  };
}
