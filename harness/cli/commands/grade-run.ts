import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../../errors';
import { assertNoResult } from '../../exercise/results';
import type { Loop } from '../../loop';
import type { OpenedSubmission } from '../../submission/open';
import { type CliContext, checkInLoop, loadExercise, outFolder, resolveLoop } from '../context';

export interface GradeFlags {
  exercise?: string;
  candidate?: string;
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

const KIND_NAMES: Record<OpenedSubmission['kind'], string> = { folder: 'folder', 'git-bundle': 'git bundle', tar: 'tar archive', zip: 'zip archive' };

/**
 * The grade command's body: open the submission (a folder, bundle or
 * archive), settle whose kit it is, check the flags against what the exercise
 * offers, grade, write atomically, print; returns the exit code. The first
 * line (what is graded, for whom, which variant) comes before the exercise and
 * its graders load.
 */
export async function runGradeCommand(context: CliContext, submission: string, flags: GradeFlags): Promise<number> {
  const log = flags.json ? undefined : (line: string) => context.io.err(`${line}\n`);
  const loop = await resolveLoop(context, flags);
  const { openSubmission } = await import('../../submission/open');
  const opened = await openSubmission(submission, { log });
  try {
    return await gradeOpened(context, opened, flags, loop, log);
  } finally {
    await opened.cleanup();
  }
}

async function gradeOpened(context: CliContext, opened: OpenedSubmission, flags: GradeFlags, loop: Loop | undefined, log: ((line: string) => void) | undefined): Promise<number> {
  const { io } = context;
  const { checkKitVariant, readKitIdentity, resolveGradeTarget } = await import('../../kit/identity');
  const { deriveCandidateSeed, validateCandidateId } = await import('../../secrets/seed');
  const { resolveSecret } = await import('../../secrets/secret');
  const kit = await readKitIdentity(opened.dir);
  const target = resolveGradeTarget({
    kit,
    submission: opened.source,
    exercise: flags.exercise,
    candidate: flags.candidate,
    loopExercise: loop?.config.exercises.length === 1 ? loop.config.exercises[0] : undefined,
    knownExercises: loop?.config.exercises ?? Object.keys(context.exercises),
  });
  validateCandidateId(target.candidate);
  checkInLoop(loop, target.exercise, target.candidate);
  const out = resolve(outFolder(flags.out, loop, (l) => l.resultsDir(target.exercise, target.candidate)));
  const limit = flags.limit === undefined ? undefined : Number(flags.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError(`--limit ${flags.limit}: must be a whole number of at least 1`);
  await assertNoResult(out, flags.force ?? false);
  const secretFile = flags.secretFile ?? loop?.secretFile;
  const secret = resolveSecret({ secretFile, env: io.env });
  for (const warning of secret.warnings) io.err(`${warning}\n`);
  const seed = deriveCandidateSeed(secret.value, target.exercise, target.candidate);
  checkKitVariant(kit, seed, opened.source);
  log?.(`grading ${target.exercise} for ${target.candidate}: variant ${seed.fingerprint}${kit ? " (the kit's own)" : ''}, ${KIND_NAMES[opened.kind]} ${opened.source}, results in ${out} ...`);

  const exercise = await loadExercise(context, target.exercise);
  if (!exercise.features.split && flags.split !== 'hidden')
    throw new UsageError(`--split ${flags.split}: the ${exercise.id} grader always scores its hidden set`, { hint: '--split is for exercises with a public question set (rag); drop it' });
  if (!exercise.features.limit && flags.limit !== undefined) throw new UsageError(`--limit: the ${exercise.id} grader scores the whole set`, { hint: 'drop --limit' });
  if (!exercise.features.judge && flags.judge !== 'none') throw new UsageError(`--judge: the ${exercise.id} exercise has no LLM judge`, { hint: `drop --judge for ${exercise.id}` });

  const { describeSubmission } = await import('../../submission/open');
  const { gradeSubmission, prepareGrading, recordResult } = await import('../../exercise');
  const { renderComparisonTable } = await import('../../report');
  const { colors, createProgress, lineWriter, startStep } = await import('../progress');
  // What was graded; a tree the hash cannot walk (past the copy limits) still goes on to the grader, whose scorecard then says why it is invalid.
  const described = await describeSubmission(opened).catch((error: unknown) => {
    log?.(`no content hash recorded: ${(error as Error).message}`);
    return undefined;
  });
  const prepared = await prepareGrading({ out, secretFile, env: io.env });
  const json = flags.json ?? false;
  const progress = createProgress(io, `grading ${target.candidate}`, { json, unit: 'questions' });
  const scorecard = await gradeSubmission(
    exercise,
    {
      submissionDir: opened.dir,
      secret: prepared.secret,
      candidate: target.candidate,
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
    },
    described && { ...described, ...(kit ? { kit } : {}) },
  ).finally(() => progress.stop());
  const paths = await recordResult(prepared.out, scorecard, { headline: exercise.headline });
  const kept = loop && opened.kind !== 'folder' ? await keepInLoop(opened.dir, join(loop.dir, 'submissions', target.exercise, target.candidate)) : undefined;
  if (json) io.out(`${JSON.stringify(scorecard, null, 2)}\n`);
  else {
    const paint = colors(io);
    if (scorecard.status !== 'graded') io.err(`the submission is ${paint.red(scorecard.status)}:\n${scorecard.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    const columns = exercise.summaryMetrics.filter((m) => scorecard.metrics[m] !== undefined);
    if (columns.length) io.out(`${renderComparisonTable([{ label: target.candidate, scorecard }], columns, { color: io.color })}\n`);
    const severity = { critical: paint.red, warning: paint.yellow, info: paint.dim } as const;
    for (const f of scorecard.flags) io.out(`flag ${severity[f.severity](`${f.code} (${f.severity})`)}: ${f.message}\n`);
    if (described) {
      const commit = described.commit ? `commit ${described.commit.slice(0, 12)}${described.dirty ? ' plus uncommitted changes' : ''}, ` : '';
      io.out(`graded ${commit}content ${described.contentHash.slice(0, 19)} (${described.files} files)\n`);
    }
    io.out(`wrote ${paths.scorecard}, ${paths.markdown}, ${paths.html}${paths.previous ? ` (the previous result is in ${paths.previous})` : ''}\n`);
    if (kept) io.out(`${kept}\n`);
  }
  return scorecard.status === 'graded' ? 0 : 1;
}

/**
 * In a loop, what was graded from an archive or a bundle is kept unpacked in
 * LOOP/submissions/EXERCISE/CANDIDATE/, where `review` reads it. A folder that
 * is already there is left as it is (it may be the candidate's own, or an
 * interviewer's notes): the message says so.
 */
async function keepInLoop(tree: string, dest: string): Promise<string> {
  const { cp, rename, rm } = await import('node:fs/promises');
  if (existsSync(dest)) return `kept ${dest} as it was (not replaced by what was just graded)`;
  const building = `${dest}.building-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  await cp(tree, building, { recursive: true, verbatimSymlinks: true, errorOnExist: true });
  await rename(building, dest);
  return `kept what was graded in ${dest} (for review)`;
}
