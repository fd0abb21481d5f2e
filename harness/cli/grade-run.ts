import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { gradeRag } from '../../graders/rag/grade';
import { judgeRagScorecard, type JudgeConfig } from '../../graders/rag/judge';
import { renderComparisonTable, writeGradeOutputs } from '../report';
import { sweepStaleSandboxes } from '../sandbox';
import { resolveSecret } from '../secrets';
import { printWarnings } from './output';
import { createProgress } from './progress';

export interface GradeRunOptions {
  submission: string;
  candidate: string;
  out: string;
  split: 'hidden' | 'dev';
  limit: number | undefined;
  secretFile: string | undefined;
  sandbox: 'auto' | 'isolated' | 'degraded';
  json: boolean;
  /** The optional LLM judge; it runs here, after the sandbox has finished, on the answers only. */
  judge?: JudgeConfig | undefined;
}

/**
 * What every grading command does first: resolve the secret (warning about the
 * demo one), sweep working copies and cgroups left by a harness that died
 * mid-run, make OUT's parent, and list what the candidate must not see: where
 * results go (other candidates' too) and the secret file's folder.
 */
export async function prepareGrading(options: { out: string; secretFile: string | undefined }): Promise<{ secret: string; out: string; hidePaths: string[] }> {
  const secret = resolveSecret({ secretFile: options.secretFile });
  await sweepStaleSandboxes();
  printWarnings(secret.warnings);
  const out = resolve(options.out);
  await mkdir(dirname(out), { recursive: true });
  return { secret: secret.value, out, hidePaths: [dirname(out), ...(options.secretFile ? [dirname(resolve(options.secretFile))] : [])] };
}

/** Grade, write the outputs atomically, print a summary; returns the exit code. */
export async function runGrade(options: GradeRunOptions): Promise<number> {
  const { secret, out, hidePaths } = await prepareGrading(options);
  const progress = createProgress(`grading ${options.candidate}`, { json: options.json });
  const graded = await gradeRag({
    onProgress: progress.update,
    submissionDir: options.submission,
    secret,
    candidate: options.candidate,
    split: options.split,
    limit: options.limit,
    sandboxMode: options.sandbox,
    hidePaths,
    log: options.json ? undefined : (line) => process.stderr.write(`${line}\n`),
  }).finally(() => progress.stop());
  if (options.judge && !options.json) process.stderr.write(`judging the answers (${options.judge.mode === 'replay' ? `replay of ${options.judge.recordPath}` : options.judge.settings.model})\n`);
  const scorecard = options.judge ? await judgeRagScorecard(graded, options.judge, { secret }) : graded;
  const paths = await writeGradeOutputs(out, scorecard);
  if (options.json) process.stdout.write(`${JSON.stringify(scorecard, null, 2)}\n`);
  else {
    process.stdout.write(`${renderComparisonTable([{ label: options.candidate, scorecard }], ['overall', 'hit@5', 'factCoverage', 'answeredUnanswerable', ...(options.judge ? ['judgeCorrectness'] : [])])}\n`);
    process.stdout.write(`wrote ${paths.scorecard}, ${paths.markdown}, ${paths.html}\n`);
  }
  return scorecard.status === 'graded' ? 0 : 1;
}
