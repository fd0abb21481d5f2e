import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { sweepStaleSandboxes } from '../sandbox';
import { boundScorecard, type Scorecard } from '../scorecard';
import { resolveSecret } from '../secrets';
import type { Exercise, GradeRequest } from './contract';
import { type GradedSubmissionProvenance, withProvenance } from './provenance';

export interface PreparedGrading {
  secret: string;
  /** OUT, absolute. */
  out: string;
  /** What the candidate must not see: where results go (other candidates' too) and the secret file's folder. */
  hidePaths: string[];
  warnings: string[];
}

/**
 * What every grading command does first: resolve the secret, sweep working
 * copies and cgroups left by a harness that died mid-run, make OUT's parent,
 * and list the host paths the candidate must not see.
 */
export async function prepareGrading(options: { out: string; secretFile: string | undefined; env: NodeJS.ProcessEnv }): Promise<PreparedGrading> {
  const secret = resolveSecret({ secretFile: options.secretFile, env: options.env });
  await sweepStaleSandboxes();
  const out = resolve(options.out);
  await mkdir(dirname(out), { recursive: true, mode: 0o700 });
  return { secret: secret.value, out, hidePaths: [dirname(out), ...(options.secretFile ? [dirname(resolve(options.secretFile))] : [])], warnings: secret.warnings };
}

/**
 * Grade one submission with its exercise, bound what the submission put in the
 * scorecard (harness/scorecard/bound.ts: the reports are made from it), and
 * stamp it with how it was made and, when given, what was graded.
 */
export async function gradeSubmission(exercise: Exercise, request: GradeRequest, submission?: GradedSubmissionProvenance): Promise<Scorecard> {
  return withProvenance(boundScorecard(await exercise.grade(request)), exercise.graderVersion, submission);
}
