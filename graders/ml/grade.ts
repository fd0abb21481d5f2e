import { existsSync } from 'node:fs';
import { lstat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { datasetCacheDir, loadClaimsDataset, writeCandidateData, type ClaimsDataset } from '../../datasets/claims';
import { InvalidSubmissionError, isTakehomeError } from '../../harness/errors';
import { HARNESS_ROOT, makeScratchDir, readWorkFile, removeTree, runSandboxed, type SandboxResult } from '../../harness/sandbox';
import { SCORECARD_SCHEMA, type Flag, type Metric, type Scorecard, type ScorecardItem } from '../../harness/scorecard';
import { createStream, deriveCandidateSeed } from '../../harness/secrets';
import { readManifest, scanSecretAccess, secretAccessFlag, sourceScanItem } from '../../harness/submission';
import { importProblem, missingPythonModule } from './environment';
import { ML_MANIFEST } from './manifest';
import { HARNESS_VERSION } from '../../harness/version';
import { bootstrapMetrics, type CurveEvidence, curveEvidence, prepareScores, toScorecardMetrics } from './metrics';
import { PREDICTIONS_FILE, parsePredictions } from './predictions';
import { probeItems } from './_items';
import { runProbes, type ProbeResults } from './probes';
import { REPORT_FILE, parseMlReport, type MlReport } from './report';
import { trapVerdicts, type TrapVerdict } from './verdicts';

export interface GradeMlOptions {
  submissionDir: string;
  secret: string;
  candidate: string;
  sandboxMode?: 'auto' | 'isolated' | 'degraded';
  /** Host paths the candidate must not see (other candidates' results, the secret file's folder). */
  hidePaths?: string[];
  /** Wall-clock limit of the `run` command (default 10 minutes). */
  runTimeoutMs?: number;
  /** Bootstrap replicates for the metric intervals (default 1000). */
  replicates?: number;
  /** Give a pre-generated dataset (tests): must be the one the seed gives. */
  dataset?: ClaimsDataset;
  log?: (line: string) => void;
  /** Starts a long step (the dataset, the sandboxed run, scoring): the CLI shows its time on a TTY. */
  step?: (label: string) => { update(done: number, total: number): void; stop(): void };
}

/** report.json is a page of JSON: a bigger one is refused before it is parsed (it would become a scorecard and a report). */
export const REPORT_MAX_BYTES = 1024 * 1024;
/** predictions.csv: a line per test row (about 1 MB for 20,000 rows); the cap leaves room for any test set. */
export const PREDICTIONS_MAX_BYTES = 64 * 1024 * 1024;

/** OUT_DIR inside the sandbox's working copy, relative to the submission. */
export const OUT_DIR = 'out';
/** Predictions that differ by more than this count as not reproduced. */
export const REPRODUCE_TOLERANCE = 1e-6;

interface Files {
  predictions: Map<string, number> | undefined;
  report: MlReport | undefined;
  problems: string[];
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** Copy a file out of a directory the candidate controls (no links followed), then parse it. `where` is its folder relative to `dir` ('' or 'out/'). */
async function readFiles(dir: string, scratch: string, tag: string, ids: string[], where: string): Promise<Files> {
  const problems: string[] = [];
  const message = (e: unknown) => (isTakehomeError(e) ? `${e.message}${e.hint ? ` (${e.hint})` : ''}` : String(e));
  const copy = async (name: string) => {
    const target = join(scratch, `${tag}-${name}`);
    const buffer = await readWorkFile(dir, `${where}${name}`, name === REPORT_FILE ? REPORT_MAX_BYTES : PREDICTIONS_MAX_BYTES).catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new InvalidSubmissionError(`no ${where}${name} ${tag === 'run' ? 'written by the run command' : 'in the submission'}`, { hint: PROTOCOL_HINT });
      }
      throw e;
    });
    await writeFile(target, buffer);
    return target;
  };
  const predictions = await copy(PREDICTIONS_FILE)
    .then((path) => parsePredictions(path, ids, { label: `${where}${PREDICTIONS_FILE}` }))
    .catch((e: unknown) => void problems.push(message(e)));
  const report = await copy(REPORT_FILE)
    .then((path) => parseMlReport(path, { label: `${where}${REPORT_FILE}` }))
    .catch((e: unknown) => void problems.push(message(e)));
  return { predictions: predictions ?? undefined, report: report ?? undefined, problems };
}

const PROTOCOL_HINT = 'an ML submission holds predictions.csv and report.json, or a takehome.json run command that writes them to $OUT_DIR; see exercises/ml/README.md';

function compareRuns(a: Map<string, number>, b: Map<string, number>): { maxAbsDiff: number; shareDiffering: number; rows: number } {
  let max = 0;
  let differing = 0;
  for (const [id, p] of a) {
    const d = Math.abs(p - (b.get(id) ?? Number.NaN));
    if (!(d <= REPRODUCE_TOLERANCE)) differing++;
    if (d > max || Number.isNaN(d)) max = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return { maxAbsDiff: max, shareDiffering: a.size ? differing / a.size : 0, rows: a.size };
}

/**
 * Grade an ML submission: render the candidate's dataset from the seed, run
 * the declared `run` command in the sandbox (no network, no gateway) with the
 * candidate's data, check that submitted predictions reproduce, parse, score
 * the scored rows with bootstrap intervals, run the leakage probes and decide
 * per trap. Never throws for a bad submission: status 'invalid' with problems.
 */
export async function gradeMl(options: GradeMlOptions): Promise<Scorecard> {
  const log = options.log ?? (() => undefined);
  const submissionDir = resolve(options.submissionDir);
  const seed = deriveCandidateSeed(options.secret, 'ml', options.candidate);
  const manifest = await readManifest(submissionDir, ML_MANIFEST, { optional: true });
  const runCommand = manifest?.run;
  log(`ml/${options.candidate}: variant ${seed.fingerprint}: loading the dataset`);
  const datasetStep = options.dataset ? undefined : options.step?.('loading the dataset');
  const dataset =
    options.dataset ??
    (await loadClaimsDataset(seed, {}, { onMiss: () => log('generating the dataset (the first time for this variant; cached for kit, key and grade)') }).finally(() => datasetStep?.stop())).dataset;
  const hidden = dataset.hidden;
  log(`ml/${options.candidate}: variant ${seed.fingerprint}, ${hidden.testIds.length} test rows (${hidden.scoredIds.length} scored)`);

  const submitted = (await exists(join(submissionDir, PREDICTIONS_FILE))) || (await exists(join(submissionDir, REPORT_FILE)));
  const problems: string[] = [];
  const flags: Flag[] = [];
  // Source that reaches for the secret, the labels or the trap catalog is flagged whether or not the sandbox stopped it.
  // Every file the sandbox copies is scanned; a mention in documentation is evidence, not a flag.
  const scanned = await scanSecretAccess(submissionDir, { exclude: ['node_modules', '.git', OUT_DIR] });
  const secretAccess = secretAccessFlag(scanned.findings);
  if (secretAccess) flags.push(secretAccess);
  const items: ScorecardItem[] = [sourceScanItem(scanned.stats, scanned.findings)];
  let sandbox: SandboxResult | undefined;
  let graded: Files | undefined;
  /** A run that failed for a reason worth naming (a Python module it could not import). */
  let runFailure: string | undefined;
  // Owned by this process: swept by a later grade if this one is killed.
  const scratch = await makeScratchDir('ml');
  try {
    let rerun: Files | undefined;
    if (runCommand) {
      const dataDir = join(scratch, 'data');
      await writeCandidateData(dataDir, dataset);
      log(`running "${runCommand}" in the sandbox`);
      const runStep = options.step?.('running the submission');
      sandbox = await runSandboxed({
        command: `mkdir -p "$OUT_DIR" && (${runCommand})`,
        submissionDir,
        env: { DATA_DIR: dataDir, OUT_DIR },
        readOnlyMounts: [
          { source: dataDir, target: dataDir },
          { source: join(HARNESS_ROOT, 'node_modules'), target: 'node_modules' },
        ],
        excludeFromCopy: ['node_modules', '.git', OUT_DIR],
        // The dataset cache holds hidden labels: never visible to the candidate, wherever it is.
        hidePaths: [...(options.hidePaths ?? []), ...[datasetCacheDir()].filter((d): d is string => d !== null && existsSync(d))],
        mode: options.sandboxMode ?? 'auto',
        limits: { wallMs: options.runTimeoutMs ?? 10 * 60_000 },
      })
        .catch((error: unknown) => {
          // A submission the sandbox refuses to copy (too deep, too many files, too big) is invalid, not a crash.
          if (!(error instanceof InvalidSubmissionError)) throw error;
          problems.push(`${error.message}${error.hint ? ` (${error.hint})` : ''}`);
          return undefined;
        })
        .finally(() => runStep?.stop());
    }
    if (runCommand && sandbox) {
      for (const v of sandbox.violations) flags.push({ code: 'sandbox-violation', severity: 'critical', message: `${v.kind}: ${v.detail}` });
      if (sandbox.mode === 'degraded') flags.push({ code: 'sandbox-degraded', severity: 'warning', message: `the sandbox ran degraded: ${sandbox.warnings.join('; ')}` });
      const runEvidence = { command: runCommand, exitCode: sandbox.exitCode, timedOut: sandbox.timedOut, durationMs: Math.round(sandbox.durationMs), stderrTail: sandbox.stderr.slice(-2000) };
      if (sandbox.exitCode !== 0) {
        const why = sandbox.timedOut ? 'timed out' : `exited with ${sandbox.exitCode ?? sandbox.signal}`;
        const missing = missingPythonModule(sandbox.stderr);
        runFailure = missing ? importProblem(missing) : undefined;
        const reason = runFailure ?? `the run command ${why}`;
        items.push({
          id: 'run',
          kind: 'check',
          status: sandbox.timedOut ? 'timeout' : 'error',
          verdicts: { run: { pass: false, score: 0, reason } },
          evidence: { ...runEvidence, ...(missing ? { missingModule: missing } : {}) },
        });
        if (!submitted) problems.push(runFailure ? `${runFailure} (${why})` : `the run command ${why}: ${sandbox.stderr.slice(-500).trim()}`);
      } else {
        rerun = await readFiles(sandbox.workDir, scratch, 'run', hidden.testIds, `${OUT_DIR}/`);
        items.push({
          id: 'run',
          kind: 'check',
          status: 'ok',
          verdicts: {
            run: {
              pass: rerun.problems.length === 0,
              score: rerun.problems.length ? 0 : 1,
              reason: rerun.problems.length ? rerun.problems.join('; ') : 'the run command wrote valid predictions and report',
            },
          },
          evidence: runEvidence,
        });
      }
      await sandbox.cleanup();
    }
    if (submitted) {
      graded = await readFiles(submissionDir, scratch, 'sub', hidden.testIds, '');
      if (runCommand) {
        const rerunOk = rerun?.predictions && graded.predictions;
        const diff = rerunOk ? compareRuns(graded.predictions!, rerun!.predictions!) : undefined;
        const reproduced = diff !== undefined && diff.shareDiffering === 0;
        items.push({
          id: 'reproducibility',
          kind: 'check',
          status: 'ok',
          verdicts: {
            reproduces: {
              pass: reproduced,
              score: reproduced ? 1 : 0,
              reason: diff
                ? `${(100 * diff.shareDiffering).toFixed(2)}% of ${diff.rows} rows differ by more than ${REPRODUCE_TOLERANCE}; max |Δp| ${diff.maxAbsDiff.toExponential(2)}`
                : 'the rerun gave no valid predictions to compare',
            },
          },
          evidence: diff ?? { rerunProblems: rerun?.problems ?? ['the run command failed'] },
        });
        if (!reproduced)
          flags.push({
            code: 'not-reproducible',
            severity: 'warning',
            message: diff
              ? `submitted predictions do not reproduce: ${(100 * diff.shareDiffering).toFixed(2)}% of rows differ, max |Δp| ${diff.maxAbsDiff.toExponential(2)}`
              : runFailure
                ? `the run command could not reproduce the submitted predictions: ${runFailure}`
                : 'the run command did not reproduce the submitted predictions (it failed or wrote invalid files)',
            ...(diff ? { evidence: diff } : {}),
          });
      }
    } else if (runCommand) graded = rerun;
    else problems.push(`${submissionDir} holds neither ${PREDICTIONS_FILE} and ${REPORT_FILE} nor a takehome.json with a run command (see exercises/ml/README.md)`);
  } finally {
    await removeTree(scratch);
  }
  if (graded) problems.push(...graded.problems);

  const base = {
    schema: SCORECARD_SCHEMA,
    exercise: 'ml',
    candidate: options.candidate,
    variant: seed.fingerprint,
    harnessVersion: HARNESS_VERSION,
    backend: 'none',
    breakdown: {},
    ...(sandbox
      ? { sandbox: { mode: sandbox.mode, mechanisms: sandbox.mechanisms, warnings: sandbox.warnings, violations: sandbox.violations.map((v) => ({ kind: v.kind, detail: v.detail })) } }
      : {}),
  } as const;
  if (!graded?.predictions || !graded.report || problems.length) {
    // Keep what did parse, so the interviewer still sees the candidate's report.
    if (graded?.report) items.push({ id: 'report', kind: 'check', status: 'ok', verdicts: {}, evidence: { report: graded.report } });
    return { ...base, status: 'invalid', problems, metrics: {}, items, flags };
  }
  const scoreStep = options.step?.('scoring: bootstrap intervals and leakage probes');
  const scored = await Promise.resolve()
    .then(() => scoreMl(graded.predictions!, graded.report!, dataset, seed, options.replicates ?? 1000))
    .finally(() => scoreStep?.stop());
  for (const v of scored.verdicts.filter((x) => x.outcome === 'fell-for')) {
    flags.push({ code: 'leakage-suspected', severity: 'warning', message: `trap ${v.trap} (${v.name}): ${v.reasons[0]}`, evidence: { trap: v.trap, reasons: v.reasons } });
  }
  if (scored.probes.calibration.flagged) {
    const c = scored.probes.calibration;
    flags.push({
      code: 'miscalibrated',
      severity: 'warning',
      message: `mean probability ${c.meanP.toFixed(3)} is outside ${c.allowed.low.toFixed(3)}-${c.allowed.high.toFixed(3)}, the band from the training rate ${c.trainRate.toFixed(3)} to the stated scoring-period rate ${c.statedRate.toFixed(3)} (${c.direction}-predicts; hidden prevalence ${c.prevalence.toFixed(3)}; ECE ${c.ece.toFixed(3)}, a calibrated model would show up to ${c.nullEceQ99.toFixed(3)}); imbalance method ${graded.report.imbalance.method}, recalibrated: ${graded.report.imbalance.recalibrated}`,
      evidence: { ...c },
    });
  }
  for (const c of scored.probes.ceiling.filter((x) => x.above)) {
    flags.push({
      code: 'implausible-score',
      severity: 'critical',
      message: `hidden ${c.metric} ${c.value?.toFixed(3)} is above what the generating probabilities themselves reach (${c.oracle?.toFixed(3)} [${c.oracleInterval?.low.toFixed(3)}, ${c.oracleInterval?.high.toFixed(3)}]): no model can do that without the hidden labels`,
      evidence: { ...c },
    });
  }
  return {
    ...base,
    status: 'graded',
    problems: [],
    metrics: scored.metrics,
    items: [...items, ...probeItems(hidden.catalog, scored.probes, scored.verdicts, graded.report), ...curvesItem(scored.curves)],
    flags,
  };
}

/** The ROC, precision-recall and reliability data a comparison page draws (display only: no score rests on it). */
function curvesItem(curves: CurveEvidence | undefined): ScorecardItem[] {
  return curves ? [{ id: 'curves', kind: 'check', status: 'ok', verdicts: {}, evidence: { ...curves } }] : [];
}

/** Metrics with bootstrap intervals on the scored rows, probes and per-trap verdicts. Pure given the seed. */
export function scoreMl(
  predictions: Map<string, number>,
  report: MlReport,
  dataset: ClaimsDataset,
  seed: Parameters<typeof createStream>[0],
  replicates = 1000,
): { metrics: Record<string, Metric>; probes: ProbeResults; verdicts: TrapVerdict[]; curves: CurveEvidence | undefined } {
  const hidden = dataset.hidden;
  const y = new Uint8Array(hidden.scoredIds.length);
  const p = new Float64Array(hidden.scoredIds.length);
  hidden.scoredIds.forEach((id, i) => {
    y[i] = hidden.labels.get(id)!;
    p[i] = predictions.get(id)!;
  });
  const params = { threshold: report.threshold.value, topPercent: 5 };
  const prepared = prepareScores(y, p);
  const boot = bootstrapMetrics(prepared, { stream: createStream(seed, 'grade.bootstrap'), replicates, params });
  const metrics: Record<string, Metric> = { ...toScorecardMetrics(boot, params) } as Record<string, Metric>;
  const hiddenScore = (name: 'roc_auc' | 'average_precision') => {
    const m = boot.metrics[name];
    return m ? { value: m.estimate.value, interval: m.interval ?? undefined } : undefined;
  };
  // The ceiling: the generating probabilities scored on the same rows, with the same bootstrap draws.
  const o = new Float64Array(hidden.scoredIds.length);
  hidden.scoredIds.forEach((id, i) => (o[i] = hidden.oracle.probabilities.get(id)!));
  const oracleBoot = bootstrapMetrics(prepareScores(y, o), { stream: createStream(seed, 'grade.bootstrap'), replicates, params, metrics: ['roc_auc', 'average_precision'] });
  const oracleScore = (name: 'roc_auc' | 'average_precision') => {
    const m = oracleBoot.metrics[name];
    return m ? { value: m.estimate.value, interval: m.interval ?? undefined } : undefined;
  };
  const probes = runProbes({
    predictions,
    hidden,
    report,
    hiddenScores: { roc_auc: hiddenScore('roc_auc'), average_precision: hiddenScore('average_precision') },
    oracleScores: { roc_auc: oracleScore('roc_auc'), average_precision: oracleScore('average_precision') },
    stream: createStream(seed, 'grade.probes'),
  });
  const verdicts = trapVerdicts(hidden.catalog, probes, report);
  const count = (o: TrapVerdict['outcome']) => verdicts.filter((v) => v.outcome === o).length;
  metrics.traps_fell_for = { value: count('fell-for'), denominator: verdicts.length, direction: 'lower', description: 'traps a probe shows the model fell for' };
  metrics.traps_avoided = { value: count('avoided'), denominator: verdicts.length, direction: 'higher', description: 'traps a probe shows the model avoided (quiet probes on predictions that rank)' };
  metrics.traps_claimed = {
    value: count('claimed'),
    denominator: verdicts.length,
    direction: 'none',
    description: 'traps only the report says were handled: no probe decides them (not counted as avoided)',
  };
  metrics.oracle_roc_auc = { value: hidden.oracle.testAuc, direction: 'none', description: 'ROC-AUC of the generating probabilities on the scored rows: the ceiling' };
  return { metrics, probes, verdicts, curves: curveEvidence(prepared) };
}
