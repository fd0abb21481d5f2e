import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Scorecard } from '../scorecard';
import { DEMO_SECRET, deriveCandidateSeed } from '../secrets';
import { runCalibration, type ProgressBar } from './calibrate';
import type { CalibrationCheck, CalibrationRun, Exercise } from './contract';
import { runLoopDemo } from './demo-loop';

export interface DemoOptions {
  outDir: string;
  log: (line: string) => void;
  progress?: (label: string) => ProgressBar;
  step?: (label: string) => ProgressBar;
  color?: boolean;
  /** The environment the loop's grades and scores see (the reference cache: TAKEHOME_REFERENCE_CACHE). */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface DemoResult {
  kits: { exercise: string; kit: string; key: string; commit: string }[];
  scorecards: { label: string; path: string; status: Scorecard['status']; flags: string[]; problems: string[] }[];
  /** The demo's hiring loop: one line per candidate and exercise (weighted total with its interval, missing). */
  loop: { dir: string; lines: string[] } | null;
  checks: CalibrationCheck[];
  pass: boolean;
  summary: string;
}

export const DEMO_CANDIDATE = 'demo-candidate';

/**
 * The offline demo on the public demo secret, for every exercise given: write
 * the demo candidate's kit and hidden key, grade the calibration submissions
 * and check what the grader must find, then the exercise's own demo steps.
 * The demo owns OUT/kits, OUT/keys and OUT/demo-candidate and rewrites them
 * on each run.
 */
export async function runDemo(exercises: readonly Exercise[], options: DemoOptions): Promise<DemoResult> {
  const outDir = resolve(options.outDir);
  options.log('takehome demo: public demo secret, offline backend (a deterministic extractive baseline, not an LLM)');
  const kits: DemoResult['kits'] = [];
  for (const exercise of exercises) {
    const seed = deriveCandidateSeed(DEMO_SECRET, exercise.id, DEMO_CANDIDATE);
    const kitDir = join(outDir, 'kits', exercise.id);
    const keyDir = join(outDir, 'keys', exercise.id);
    await rm(kitDir, { recursive: true, force: true });
    await rm(keyDir, { recursive: true, force: true });
    const kit = await exercise.writeKit(kitDir, seed);
    await exercise.writeKey(keyDir, seed);
    options.log(`${exercise.id} kit for ${DEMO_CANDIDATE} (variant ${seed.fingerprint}): ${kit.files} files in ${kitDir}, commit ${kit.commit.slice(0, 12)}; hidden key in ${keyDir}`);
    kits.push({ exercise: exercise.id, kit: kitDir, key: keyDir, commit: kit.commit });
  }
  const runs: { exercise: Exercise; run: CalibrationRun }[] = [];
  for (const exercise of exercises) {
    const run = await runCalibration(exercise, {
      secret: DEMO_SECRET,
      candidates: [DEMO_CANDIDATE],
      outDir,
      split: 'hidden',
      log: options.log,
      progress: options.progress,
      step: options.step,
      color: options.color,
    });
    runs.push({ exercise, run });
  }
  for (const exercise of exercises) {
    if (exercise.demo) runs.push({ exercise, run: await exercise.demo({ secret: DEMO_SECRET, candidate: DEMO_CANDIDATE, outDir, log: options.log }) });
  }
  const graded = new Map(runs.map(({ exercise, run }) => [exercise.id, new Map(run.grades.filter((g) => g.candidate === DEMO_CANDIDATE).map((g) => [g.label, g.scorecard]))]));
  const loop = exercises.some((e) => e.calibration.demoLoop && e.rubricFile) ? await runLoopDemo(exercises, { outDir, log: options.log, graded, env: options.env ?? {} }) : null;
  const grades = runs.flatMap(({ exercise, run }) => run.grades.map((g) => ({ ...g, label: `${exercise.id}/${g.label}` })));
  const checks = [...runs.flatMap(({ run }) => run.checks), ...(loop?.checks ?? [])];
  if (loop) {
    for (const c of loop.checks) options.log(`${c.pass ? 'ok  ' : 'FAIL'} ${c.candidate}: ${c.check} (${c.detail})`);
    options.log(`hiring loop ${loop.loop}: weighted rubric totals (1 strong no .. 4 strong yes) with their intervals`);
    for (const line of loop.lines) options.log(`  ${line}`);
  }
  for (const g of grades) options.log(`report: ${g.path}`);
  const failed = checks.filter((c) => !c.pass).length;
  return {
    kits,
    scorecards: grades.map((g) => ({ label: g.label, path: g.path, status: g.scorecard.status, flags: g.scorecard.flags.map((f) => f.code), problems: g.scorecard.problems })),
    loop: loop ? { dir: loop.loop, lines: loop.lines } : null,
    checks,
    pass: failed === 0,
    summary:
      failed === 0
        ? `demo done: ${kits.length} kits, ${grades.length} submissions graded, every check holds (reports in ${outDir})`
        : `demo done, but ${failed} check(s) FAILED (reports in ${outDir})`,
  };
}
