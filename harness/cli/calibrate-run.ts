import { join, resolve } from 'node:path';
import { gradeMl } from '../../graders/ml/grade';
import { gradeRag } from '../../graders/rag/grade';
import { renderComparisonTable, writeGradeOutputs } from '../report';
import { HARNESS_ROOT } from '../sandbox';
import type { FlagCode, Scorecard } from '../scorecard';
import { createProgress } from './progress';

/**
 * Calibration: grade the submissions of known quality for some candidates
 * and check that the grader still ranks and flags them as it must. A hiring
 * team runs it with its own secret before trusting grades (`takehome
 * calibrate rag|ml`); the demo runs it for the demo candidate.
 */

export const RAG_CALIBRATION = [
  { label: 'reference', dir: 'exercises/rag/reference' },
  { label: 'baseline', dir: 'exercises/rag/calibration/baseline' },
  { label: 'naive', dir: 'exercises/rag/calibration/naive' },
  { label: 'cheater', dir: 'exercises/rag/calibration/cheater' },
] as const;

export type RagCalibrationLabel = (typeof RAG_CALIBRATION)[number]['label'];

export interface CalibrationCheck {
  candidate: string;
  check: string;
  pass: boolean;
  detail: string;
}

/** The flags the cheater must get: it replays dev answers, reads for the secret, and talks to the grader. */
export const CHEATER_FLAGS: readonly FlagCode[] = ['hard-coded-answers', 'sandbox-violation', 'injection-attempt'];

function overall(sc: Scorecard): { value: number; low: number; high: number } {
  const m = sc.metrics.overall;
  const value = m?.value ?? 0;
  return { value, low: m?.interval?.low ?? value, high: m?.interval?.high ?? value };
}

const fmt = (x: number) => x.toFixed(3);

/** What must hold for one candidate's calibration grades. */
export function calibrationChecks(candidate: string, grades: ReadonlyMap<RagCalibrationLabel, Scorecard>): CalibrationCheck[] {
  const get = (label: RagCalibrationLabel) => {
    const sc = grades.get(label);
    if (!sc) throw new Error(`no ${label} grade for ${candidate}`);
    return sc;
  };
  const [ref, base, naive, cheat] = (['reference', 'baseline', 'naive', 'cheater'] as const).map(get);
  const r = overall(ref!);
  const b = overall(base!);
  const n = overall(naive!);
  const c = overall(cheat!);
  const cheaterCodes = new Set(cheat!.flags.map((f) => f.code));
  const missing = CHEATER_FLAGS.filter((code) => !cheaterCodes.has(code));
  const honestFlags = [ref!, base!, naive!].flatMap((sc, i) => sc.flags.filter((f) => f.severity === 'critical').map((f) => `${['reference', 'baseline', 'naive'][i]}: ${f.code}`));
  const statuses = [ref!, base!, naive!, cheat!].filter((sc) => sc.status !== 'graded').map((sc) => `${sc.candidate}: ${sc.status} (${sc.problems.join('; ')})`);
  return [
    { candidate, check: 'every grade completed', pass: statuses.length === 0, detail: statuses.join('; ') || 'all graded' },
    { candidate, check: 'reference > baseline, intervals apart', pass: r.low > b.high, detail: `reference ${fmt(r.value)} [${fmt(r.low)}, ${fmt(r.high)}] vs baseline ${fmt(b.value)} [${fmt(b.low)}, ${fmt(b.high)}]` },
    { candidate, check: 'baseline > naive, intervals apart', pass: b.low > n.high, detail: `baseline ${fmt(b.value)} [${fmt(b.low)}, ${fmt(b.high)}] vs naive ${fmt(n.value)} [${fmt(n.low)}, ${fmt(n.high)}]` },
    { candidate, check: 'cheater no better than naive', pass: c.value <= n.value, detail: `cheater ${fmt(c.value)} vs naive ${fmt(n.value)}` },
    { candidate, check: 'cheater flagged', pass: missing.length === 0, detail: missing.length ? `missing ${missing.join(', ')}` : CHEATER_FLAGS.join(', ') },
    { candidate, check: 'no critical flag on honest submissions', pass: honestFlags.length === 0, detail: honestFlags.join('; ') || 'none' },
  ];
}

export interface CalibrateOptions {
  secret: string;
  candidates: readonly string[];
  outDir: string;
  split?: 'hidden' | 'dev';
  /** Host paths the submissions must not see besides OUT (the secret file's folder). */
  hidePaths?: string[];
  json?: boolean;
  log: (line: string) => void;
}

export interface CalibrateResult {
  grades: { candidate: string; label: string; path: string; scorecard: Scorecard }[];
  checks: CalibrationCheck[];
  pass: boolean;
}

/** Grade every calibration submission for every candidate (OUT/CANDIDATE/LABEL/), print the tables, run the checks. */
export async function runRagCalibration(options: CalibrateOptions): Promise<CalibrateResult> {
  const outDir = resolve(options.outDir);
  const grades: CalibrateResult['grades'] = [];
  const checks: CalibrationCheck[] = [];
  for (const candidate of options.candidates) {
    const byLabel = new Map<RagCalibrationLabel, Scorecard>();
    for (const s of RAG_CALIBRATION) {
      options.log(`grading rag/${s.label} for ${candidate} (${options.split ?? 'hidden'} questions) ...`);
      const progress = createProgress(`  ${s.label}`, { json: options.json });
      const scorecard = await gradeRag({
        submissionDir: join(HARNESS_ROOT, s.dir),
        secret: options.secret,
        candidate,
        split: options.split ?? 'hidden',
        hidePaths: [outDir, ...(options.hidePaths ?? [])],
        log: (l) => options.log(`  ${l}`),
        onProgress: progress.update,
      }).finally(() => progress.stop());
      const paths = await writeGradeOutputs(join(outDir, candidate, `rag-${s.label}`), scorecard);
      byLabel.set(s.label, scorecard);
      grades.push({ candidate, label: s.label, path: paths.html, scorecard });
    }
    options.log(`rag, candidate ${candidate}:`);
    options.log(renderComparisonTable([...byLabel].map(([label, scorecard]) => ({ label, scorecard })), ['overall', 'hit@5', 'factCoverage', 'answeredUnanswerable', 'injectionCompliance']));
    checks.push(...calibrationChecks(candidate, byLabel));
  }
  for (const c of checks) options.log(`${c.pass ? 'ok  ' : 'FAIL'} ${c.candidate}: ${c.check} (${c.detail})`);
  return { grades, checks, pass: checks.every((c) => c.pass) };
}

export const ML_CALIBRATION = [
  { label: 'reference', dir: 'exercises/ml/reference' },
  { label: 'leaky', dir: 'exercises/ml/calibration/leaky' },
  { label: 'oversampled', dir: 'exercises/ml/calibration/oversampled' },
  { label: 'constant', dir: 'exercises/ml/calibration/constant' },
] as const;

export type MlCalibrationLabel = (typeof ML_CALIBRATION)[number]['label'];

/** The traps the leaky submission must be caught on, at least. */
export const LEAKY_MIN_TRAPS = 3;

function metricWithInterval(sc: Scorecard, name: string): { value: number; low: number; high: number } {
  const m = sc.metrics[name];
  const value = m?.value ?? 0;
  return { value, low: m?.interval?.low ?? value, high: m?.interval?.high ?? value };
}

/** What must hold for one candidate's ML calibration grades. */
export function mlCalibrationChecks(candidate: string, grades: ReadonlyMap<MlCalibrationLabel, Scorecard>): CalibrationCheck[] {
  const get = (label: MlCalibrationLabel) => {
    const sc = grades.get(label);
    if (!sc) throw new Error(`no ${label} grade for ${candidate}`);
    return sc;
  };
  const [ref, leaky, over] = (['reference', 'leaky', 'oversampled'] as const).map(get);
  const r = metricWithInterval(ref!, 'average_precision');
  const l = metricWithInterval(leaky!, 'average_precision');
  const fellFor = (sc: Scorecard) => sc.metrics.traps_fell_for?.value ?? 0;
  const leakFlags = (sc: Scorecard) => sc.flags.filter((f) => f.code === 'leakage-suspected').length;
  const statuses = ML_CALIBRATION.map((c) => [c.label, get(c.label)] as const).filter(([, sc]) => sc.status !== 'graded').map(([label, sc]) => `${label}: ${sc.status} (${sc.problems.join('; ')})`);
  return [
    { candidate, check: 'every grade completed', pass: statuses.length === 0, detail: statuses.join('; ') || 'all graded' },
    { candidate, check: 'reference > leaky on hidden average precision, intervals apart', pass: r.low > l.high, detail: `reference ${fmt(r.value)} [${fmt(r.low)}, ${fmt(r.high)}] vs leaky ${fmt(l.value)} [${fmt(l.low)}, ${fmt(l.high)}]` },
    { candidate, check: `leaky flagged on at least ${LEAKY_MIN_TRAPS} traps`, pass: fellFor(leaky!) >= LEAKY_MIN_TRAPS && leakFlags(leaky!) >= LEAKY_MIN_TRAPS, detail: `fell for ${fellFor(leaky!)}, ${leakFlags(leaky!)} leakage-suspected flag(s)` },
    { candidate, check: 'reference flagged on no trap', pass: fellFor(ref!) === 0 && leakFlags(ref!) === 0, detail: `fell for ${fellFor(ref!)}, flags: ${ref!.flags.map((f) => f.code).join(', ') || 'none'}` },
    { candidate, check: 'oversampled flagged for calibration', pass: over!.flags.some((f) => f.code === 'miscalibrated'), detail: over!.flags.find((f) => f.code === 'miscalibrated')?.message ?? `flags: ${over!.flags.map((f) => f.code).join(', ') || 'none'}` },
  ];
}

/** Grade every ML calibration submission for every candidate (OUT/CANDIDATE/ml-LABEL/), print the tables, run the checks. */
export async function runMlCalibration(options: CalibrateOptions): Promise<CalibrateResult> {
  const outDir = resolve(options.outDir);
  const grades: CalibrateResult['grades'] = [];
  const checks: CalibrationCheck[] = [];
  for (const candidate of options.candidates) {
    const byLabel = new Map<MlCalibrationLabel, Scorecard>();
    for (const s of ML_CALIBRATION) {
      options.log(`grading ml/${s.label} for ${candidate} ...`);
      const scorecard = await gradeMl({ submissionDir: join(HARNESS_ROOT, s.dir), secret: options.secret, candidate, hidePaths: [outDir, ...(options.hidePaths ?? [])], log: (l) => options.log(`  ${l}`) });
      const paths = await writeGradeOutputs(join(outDir, candidate, `ml-${s.label}`), scorecard);
      byLabel.set(s.label, scorecard);
      grades.push({ candidate, label: s.label, path: paths.html, scorecard });
    }
    options.log(`ml, candidate ${candidate}:`);
    options.log(renderComparisonTable([...byLabel].map(([label, scorecard]) => ({ label, scorecard })), ['average_precision', 'roc_auc', 'brier_skill', 'ece_uniform', 'traps_fell_for']));
    checks.push(...mlCalibrationChecks(candidate, byLabel));
  }
  for (const c of checks) options.log(`${c.pass ? 'ok  ' : 'FAIL'} ${c.candidate}: ml ${c.check} (${c.detail})`);
  return { grades, checks, pass: checks.every((c) => c.pass) };
}
