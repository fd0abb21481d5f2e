import { readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gradeMl } from '../../graders/ml/grade';
import { writeMlKey, writeMlKit } from '../kit/ml';
import { writeRagKey, writeRagKit } from '../kit/rag';
import { writeGradeOutputs } from '../report';
import { HARNESS_ROOT } from '../sandbox';
import type { Scorecard } from '../scorecard';
import { DEMO_SECRET, deriveCandidateSeed } from '../secrets';
import { runMlCalibration, runRagCalibration, type CalibrateResult, type CalibrationCheck } from './calibrate-run';

export interface DemoOptions {
  outDir: string;
  json?: boolean;
  log: (line: string) => void;
}

export interface DemoResult {
  kits: { exercise: string; kit: string; key: string; commit: string }[];
  scorecards: { label: string; path: string; status: Scorecard['status']; flags: string[]; problems: string[] }[];
  checks: CalibrationCheck[];
  pass: boolean;
  summary: string;
}

export const DEMO_CANDIDATE = 'demo-candidate';

/**
 * The offline demo on the public demo secret, for both exercises. RAG: writes
 * the demo candidate's kit and hidden key, grades the reference and the three
 * calibration submissions on the hidden questions, in the sandbox, through the
 * metered offline gateway. ML: writes the kit and key, grades the reference
 * and calibration submissions against the hidden labels with the leakage
 * probes, and the malformed submissions (each must come out invalid with the
 * line at fault). Prints each exercise side by side and checks what the grader
 * must find. The demo owns OUT/kits, OUT/keys and OUT/demo-candidate and
 * rewrites them on each run.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const outDir = resolve(options.outDir);
  options.log('takehome demo: public demo secret, offline backend (a deterministic extractive baseline, not an LLM)');
  const kits: DemoResult['kits'] = [];
  for (const exercise of ['rag', 'ml'] as const) {
    const seed = deriveCandidateSeed(DEMO_SECRET, exercise, DEMO_CANDIDATE);
    const kitDir = join(outDir, 'kits', exercise);
    const keyDir = join(outDir, 'keys', exercise);
    await rm(kitDir, { recursive: true, force: true });
    await rm(keyDir, { recursive: true, force: true });
    const kit = await (exercise === 'rag' ? writeRagKit : writeMlKit)(kitDir, seed);
    await (exercise === 'rag' ? writeRagKey : writeMlKey)(keyDir, seed);
    options.log(`${exercise} kit for ${DEMO_CANDIDATE} (variant ${seed.fingerprint}): ${kit.files} files in ${kitDir}, commit ${kit.commit.slice(0, 12)}; hidden key in ${keyDir}`);
    kits.push({ exercise, kit: kitDir, key: keyDir, commit: kit.commit });
  }
  const common = { secret: DEMO_SECRET, candidates: [DEMO_CANDIDATE], outDir, json: options.json, log: options.log };
  const rag = await runRagCalibration({ ...common, split: 'hidden' });
  const ml = await runMlCalibration(common);
  const malformed = await gradeMalformed(outDir, options.log);
  const grades = [...rag.grades.map((g) => ({ ...g, label: `rag/${g.label}` })), ...ml.grades.map((g) => ({ ...g, label: `ml/${g.label}` })), ...malformed.grades];
  const checks = [...rag.checks, ...ml.checks, ...malformed.checks];
  for (const g of grades) options.log(`report: ${g.path}`);
  const failed = checks.filter((c) => !c.pass).length;
  return {
    kits,
    scorecards: grades.map((g) => ({ label: g.label, path: g.path, status: g.scorecard.status, flags: g.scorecard.flags.map((f) => f.code), problems: g.scorecard.problems })),
    checks,
    pass: failed === 0,
    summary: failed === 0
      ? `demo done: 2 kits, ${grades.length} submissions graded, every check holds (reports in ${outDir})`
      : `demo done, but ${failed} check(s) FAILED (reports in ${outDir})`,
  };
}

/** The malformed ML submissions: each must be graded invalid, its problem named with the file (and the line or field where there is one). */
async function gradeMalformed(outDir: string, log: (line: string) => void): Promise<CalibrateResult> {
  const root = join(HARNESS_ROOT, 'exercises/ml/malformed');
  const grades: CalibrateResult['grades'] = [];
  const checks: CalibrationCheck[] = [];
  for (const name of (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    log(`grading ml/malformed/${name} ...`);
    const scorecard = await gradeMl({ submissionDir: join(root, name), secret: DEMO_SECRET, candidate: DEMO_CANDIDATE, hidePaths: [outDir], log: (l) => log(`  ${l}`) });
    const paths = await writeGradeOutputs(join(outDir, DEMO_CANDIDATE, `ml-malformed-${name}`), scorecard);
    grades.push({ candidate: DEMO_CANDIDATE, label: `ml/malformed/${name}`, path: paths.html, scorecard });
    // The file at fault, with the line or field where there is one (a missing row has neither).
    const named = scorecard.problems.some((p) => /predictions\.csv(:\d+)?:|report\.json: field /.test(p));
    checks.push({
      candidate: DEMO_CANDIDATE,
      check: `malformed/${name} is invalid, the problem located`,
      pass: scorecard.status === 'invalid' && named,
      detail: `${scorecard.status}: ${scorecard.problems.join('; ').slice(0, 200)}`,
    });
    log(`${scorecard.status === 'invalid' && named ? 'ok  ' : 'FAIL'} ml/malformed/${name}: ${scorecard.status}, ${scorecard.problems[0]?.split('\n').slice(-1)[0]?.trim().slice(0, 160) ?? 'no problem reported'}`);
  }
  return { grades, checks, pass: checks.every((c) => c.pass) };
}
