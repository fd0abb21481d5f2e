import { join, resolve } from 'node:path';
import { createColors } from 'picocolors';
import { renderComparisonTable, writeGradeOutputs } from '../report';
import { HARNESS_ROOT } from '../sandbox';
import type { Scorecard } from '../scorecard';
import { autoLevel, type Rubric } from '../rubric';
import type { Calibration, CalibrationCheck, CalibrationRun, Exercise, ProgressBar, Split } from './contract';
import { gradeSubmission } from './grade';
import { loadExerciseRubric } from './rubric';

export type { ProgressBar } from './contract';

export interface CalibrateOptions {
  secret: string;
  candidates: readonly string[];
  outDir: string;
  split?: Split;
  /** Host paths the submissions must not see besides OUT (the secret file's folder). */
  hidePaths?: string[];
  env?: Readonly<Record<string, string | undefined>>;
  log: (line: string) => void;
  /** A progress bar per graded submission (the CLI draws one on a TTY). */
  progress?: (label: string) => ProgressBar;
  /** A step that may take more than a second (see GradeRequest.step). */
  step?: (label: string) => ProgressBar;
  /** Colour the table and the checks (a colour terminal). */
  color?: boolean;
}

/**
 * Calibration: grade an exercise's submissions of known quality for some
 * candidates (OUT/CANDIDATE/EXERCISE-LABEL/) and check that the grader still
 * ranks and flags them as it must. A hiring team runs it with its own secret
 * before trusting grades (`takehome calibrate`); the demo runs it for the demo
 * candidate.
 */
export async function runCalibration(exercise: Exercise, options: CalibrateOptions): Promise<CalibrationRun> {
  const outDir = resolve(options.outDir);
  const split = options.split ?? 'hidden';
  const grades: CalibrationRun['grades'] = [];
  const checks: CalibrationCheck[] = [];
  const rubric = exercise.rubricFile && exercise.calibration.reference ? (await loadExerciseRubric(exercise)).rubric : undefined;
  for (const candidate of options.candidates) {
    const byLabel = new Map<string, Scorecard>();
    for (const s of exercise.calibration.submissions) {
      options.log(`grading ${exercise.id}/${s.label} for ${candidate}${exercise.features.split ? ` (${split} questions)` : ''} ...`);
      const progress = options.progress?.(`  ${s.label}`);
      const scorecard = await gradeSubmission(exercise, {
        submissionDir: resolve(HARNESS_ROOT, s.dir),
        secret: options.secret,
        candidate,
        split,
        sandboxMode: 'auto',
        hidePaths: [outDir, ...(options.hidePaths ?? [])],
        env: options.env ?? {},
        log: (l) => options.log(`  ${l}`),
        onProgress: progress?.update,
        step: options.step,
      }).finally(() => progress?.stop());
      const paths = await writeGradeOutputs(join(outDir, candidate, `${exercise.id}-${s.label}`), scorecard, { headline: exercise.headline });
      byLabel.set(s.label, scorecard);
      grades.push({ candidate, label: s.label, path: paths.html, scorecard });
    }
    options.log(`${exercise.id}, candidate ${candidate}:`);
    options.log(
      renderComparisonTable(
        [...byLabel].map(([label, scorecard]) => ({ label, scorecard })),
        exercise.calibration.tableMetrics,
        { color: options.color },
      ),
    );
    checks.push(...exercise.calibration.checks(candidate, byLabel));
    if (rubric) checks.push(...rubricCalibrationChecks(rubric, exercise.calibration, candidate, byLabel));
  }
  const paint = createColors(options.color ?? false);
  for (const c of checks) options.log(`${c.pass ? paint.green('ok  ') : paint.red(paint.bold('FAIL'))} ${c.candidate}: ${exercise.id} ${c.check} (${c.detail})`);
  return { grades, checks, pass: checks.every((c) => c.pass) };
}

/**
 * What the rubric must say of the calibration grades of one candidate: each
 * submission declared `strong` at level 3 or 4 on every automatic criterion,
 * each declared to fail criteria at level 1 or 2 on those. Relative levels
 * are taken against the reference's grade for the same candidate (same
 * variant).
 */
export function rubricCalibrationChecks<L extends string>(rubric: Rubric, calibration: Calibration<L>, candidate: string, grades: ReadonlyMap<L, Scorecard>): CalibrationCheck[] {
  const reference = calibration.reference === undefined ? undefined : grades.get(calibration.reference);
  const checks: CalibrationCheck[] = [];
  for (const s of calibration.submissions) {
    const sc = grades.get(s.label);
    if (!s.rubric || !sc) continue;
    const level = (id: string) => {
      const c = rubric.criteria.find((x) => x.id === id);
      if (!c?.auto) return { id, level: null, reason: `no automatic criterion "${id}" in the rubric` };
      const a = autoLevel(c, sc, reference);
      return { id, level: a.level, reason: a.reason };
    };
    if ('strong' in s.rubric) {
      const levels = rubric.criteria.filter((c) => c.auto).map((c) => level(c.id));
      const weak = levels.filter((l) => l.level === null || l.level < 3);
      checks.push({
        candidate,
        check: `rubric: ${s.label} at level 3 or 4 on every automatic criterion`,
        pass: weak.length === 0,
        detail: weak.length ? weak.map((l) => `${l.id} ${l.level ?? 'none'} (${l.reason})`).join('; ') : levels.map((l) => `${l.id} ${l.level}`).join(', '),
      });
    } else {
      const levels = s.rubric.fails.map(level);
      const passed = levels.filter((l) => l.level === null || l.level > 2);
      checks.push({
        candidate,
        check: `rubric: ${s.label} at level 1 or 2 on ${s.rubric.fails.join(', ')}`,
        pass: passed.length === 0,
        detail: passed.length ? passed.map((l) => `${l.id} ${l.level ?? 'none'} (${l.reason})`).join('; ') : levels.map((l) => `${l.id} ${l.level}`).join(', '),
      });
    }
  }
  return checks;
}

/** The scorecard a calibration check needs, or an error that names what is missing. */
export function calibrationGrade<L extends string>(grades: ReadonlyMap<L, Scorecard>, label: L, candidate: string): Scorecard {
  const sc = grades.get(label);
  if (!sc) throw new Error(`no ${label} grade for ${candidate}`);
  return sc;
}

/** A metric's value with its interval (the value itself when there is none; 0 when missing). */
export function metricWithInterval(sc: Scorecard, name: string): { value: number; low: number; high: number } {
  const m = sc.metrics[name];
  const value = m?.value ?? 0;
  return { value, low: m?.interval?.low ?? value, high: m?.interval?.high ?? value };
}

export const formatMetric = (x: number) => x.toFixed(3);

/** "0.460 [0.395, 0.529]" */
export function formatWithInterval(m: { value: number; low: number; high: number }): string {
  return `${formatMetric(m.value)} [${formatMetric(m.low)}, ${formatMetric(m.high)}]`;
}
