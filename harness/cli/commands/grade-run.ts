import { resolve } from 'node:path';
import { UsageError } from '../../errors';
import { assertNoResult, gradeSubmission, prepareGrading, recordResult } from '../../exercise';
import { renderComparisonTable } from '../../report';
import { type CliContext, checkInLoop, loadExercise, outFolder, resolveLoop } from '../context';
import { printWarnings } from '../output';
import { colors, createProgress, lineWriter, startStep } from '../progress';

export interface GradeFlags {
  exercise?: string;
  candidate: string;
  out?: string;
  loop?: string;
  split: 'hidden' | 'dev';
  limit?: string;
  secretFile?: string;
  sandbox: 'auto' | 'isolated' | 'degraded';
  json?: boolean;
  force?: boolean;
  judge: string;
  judgeModel?: string;
  judgeUrl?: string;
  judgeSamples?: string;
  judgeTemperature?: string;
  judgeRecord?: string;
  judgeCache?: string;
}

/** The grade command's body: check the flags against what the exercise offers, grade, write atomically, print; returns the exit code. */
export async function runGradeCommand(context: CliContext, submission: string, flags: GradeFlags): Promise<number> {
  const { io } = context;
  const loop = await resolveLoop(context, flags);
  const exerciseId = flags.exercise ?? (loop?.config.exercises.length === 1 ? loop.config.exercises[0] : undefined);
  if (exerciseId === undefined) {
    throw new UsageError('--exercise is required', { hint: `the exercises: ${(loop?.config.exercises ?? Object.keys(context.exercises)).join(', ')}` });
  }
  const exercise = await loadExercise(context, exerciseId);
  checkInLoop(loop, exercise.id, flags.candidate);
  const out = resolve(outFolder(flags.out, loop, (l) => l.resultsDir(exercise.id, flags.candidate)));
  const secretFile = flags.secretFile ?? loop?.secretFile;
  if (!exercise.features.split && flags.split !== 'hidden')
    throw new UsageError(`--split ${flags.split}: the ${exercise.id} grader always scores its hidden set`, { hint: '--split is for exercises with a public question set (rag); drop it' });
  if (!exercise.features.limit && flags.limit !== undefined) throw new UsageError(`--limit: the ${exercise.id} grader scores the whole set`, { hint: 'drop --limit' });
  if (!exercise.features.judge && flags.judge !== 'none') throw new UsageError(`--judge: the ${exercise.id} exercise has no LLM judge`, { hint: `drop --judge for ${exercise.id}` });
  const limit = flags.limit === undefined ? undefined : Number(flags.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError(`--limit ${flags.limit}: must be a whole number of at least 1`);

  await assertNoResult(out, flags.force ?? false);
  const prepared = await prepareGrading({ out, secretFile, env: io.env });
  printWarnings(io, prepared.warnings);
  const json = flags.json ?? false;
  const progress = createProgress(io, `grading ${flags.candidate}`, { json, unit: 'questions' });
  const scorecard = await gradeSubmission(exercise, {
    submissionDir: submission,
    secret: prepared.secret,
    candidate: flags.candidate,
    sandboxMode: flags.sandbox,
    hidePaths: prepared.hidePaths,
    split: flags.split,
    limit,
    judgeFlags: exercise.features.judge
      ? {
          judge: flags.judge,
          judgeModel: flags.judgeModel,
          judgeUrl: flags.judgeUrl,
          judgeSamples: flags.judgeSamples,
          judgeTemperature: flags.judgeTemperature,
          judgeRecord: flags.judgeRecord,
          judgeCache: flags.judgeCache,
        }
      : undefined,
    env: io.env,
    log: json ? undefined : lineWriter(io, io.err),
    onProgress: progress.update,
    step: (label) => startStep(io, `  ${label}`, { json }),
  }).finally(() => progress.stop());
  const paths = await recordResult(prepared.out, scorecard, { headline: exercise.headline });
  if (json) io.out(`${JSON.stringify(scorecard, null, 2)}\n`);
  else {
    const paint = colors(io);
    if (scorecard.status !== 'graded') io.err(`the submission is ${paint.red(scorecard.status)}:\n${scorecard.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    const columns = exercise.summaryMetrics.filter((m) => scorecard.metrics[m] !== undefined);
    if (columns.length) io.out(`${renderComparisonTable([{ label: flags.candidate, scorecard }], columns, { color: io.color })}\n`);
    const severity = { critical: paint.red, warning: paint.yellow, info: paint.dim } as const;
    for (const f of scorecard.flags) io.out(`flag ${severity[f.severity](`${f.code} (${f.severity})`)}: ${f.message}\n`);
    io.out(`wrote ${paths.scorecard}, ${paths.markdown}, ${paths.html}${paths.previous ? ` (the previous result is in ${paths.previous})` : ''}\n`);
  }
  return scorecard.status === 'graded' ? 0 : 1;
}
