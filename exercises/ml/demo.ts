import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CalibrationCheck, CalibrationRun, DemoContext, Exercise } from '../../harness/exercise';
import { gradeSubmission } from '../../harness/exercise';
import { writeGradeOutputs } from '../../harness/report';
import { HARNESS_ROOT } from '../../harness/sandbox';

/**
 * The demo's ML step after calibration: every malformed submission
 * (exercises/ml/malformed/) must be graded invalid, its problem named with the
 * file (and the line or field where there is one; a missing row has neither).
 */
export async function gradeMalformed(exercise: Exercise, context: DemoContext): Promise<CalibrationRun> {
  const root = join(HARNESS_ROOT, 'exercises/ml/malformed');
  const grades: CalibrationRun['grades'] = [];
  const checks: CalibrationCheck[] = [];
  const names = (await readdir(root, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  for (const name of names) {
    context.log(`grading ml/malformed/${name} ...`);
    const scorecard = await gradeSubmission(exercise, {
      submissionDir: join(root, name),
      secret: context.secret,
      candidate: context.candidate,
      split: 'hidden',
      sandboxMode: 'auto',
      hidePaths: [context.outDir],
      env: {},
      log: (l) => context.log(`  ${l}`),
    });
    const paths = await writeGradeOutputs(join(context.outDir, context.candidate, `ml-malformed-${name}`), scorecard, { headline: exercise.headline });
    grades.push({ candidate: context.candidate, label: `malformed/${name}`, path: paths.html, scorecard });
    const named = scorecard.problems.some((p) => /predictions\.csv(:\d+)?:|report\.json: field /.test(p));
    const pass = scorecard.status === 'invalid' && named;
    checks.push({ candidate: context.candidate, check: `malformed/${name} is invalid, the problem located`, pass, detail: `${scorecard.status}: ${scorecard.problems.join('; ').slice(0, 200)}` });
    context.log(`${pass ? 'ok  ' : 'FAIL'} ml/malformed/${name}: ${scorecard.status}, ${scorecard.problems[0]?.split('\n').slice(-1)[0]?.trim().slice(0, 160) ?? 'no problem reported'}`);
  }
  return { grades, checks, pass: checks.every((c) => c.pass) };
}
