import { gradeRag } from '../../graders/rag/grade';
import { judgeRagScorecard, parseJudgeFlags } from '../../graders/rag/judge';
import { RAG_METRICS, type RagMetric } from '../../graders/rag/metric-names';
import { join } from 'node:path';
import { buildQuestionPool, splitQuestions } from '../../corpora';
import type { Exercise, GradeRequest, ReferenceRequest, Split } from '../../harness/exercise';
import { HARNESS_ROOT } from '../../harness/sandbox';
import { SCORECARD_SCHEMA, type Scorecard } from '../../harness/scorecard';
import { deriveCandidateSeed } from '../../harness/secrets';
import { ragCalibration, type RagCalibrationLabel } from './calibrate';
import { writeRagKey, writeRagKit } from './kit';
import {
  defaultReferenceCacheDir,
  isReferenceSubmission,
  questionsOf,
  readCachedReference,
  REFERENCE_DIR,
  referenceFromScorecard,
  type ReferenceKey,
  referenceHash,
  type VariantReference,
  withVariantReference,
  writeCachedReference,
} from './variant-reference';

const GRADER_VERSION = '2.1.0';

/** The reference's figures for KEY: the cache, else the reference graded now on this variant (once) and cached; undefined when it cannot be graded. */
async function referenceFor(key: ReferenceKey, request: Omit<GradeRequest, 'submissionDir' | 'split' | 'limit'>): Promise<VariantReference | undefined> {
  const cacheDir = defaultReferenceCacheDir(request.env);
  const cached = await readCachedReference(cacheDir, key);
  if (cached) return cached;
  request.log?.(`grading the reference pipeline on this variant, once (cached in ${cacheDir}) ...`);
  const graded = await gradeRag({
    submissionDir: REFERENCE_DIR,
    secret: request.secret,
    candidate: request.candidate,
    split: key.split as Split,
    sandboxMode: request.sandboxMode,
    hidePaths: request.hidePaths,
    log: request.log,
  });
  if (graded.status !== 'graded' || questionsOf(graded) !== key.questions) {
    request.log?.(`the reference could not be graded on this variant (${graded.problems.join('; ')}): no reference score beside this one`);
    return undefined;
  }
  const reference = referenceFromScorecard(graded, key);
  await writeCachedReference(cacheDir, reference).catch((error: Error) => request.log?.(`could not cache the reference's result: ${error.message}`));
  return reference;
}

/**
 * SC with the reference pipeline's result on the same variant and questions
 * beside it (exercises/rag/variant-reference.ts): from the cache, from SC
 * itself when SC is the reference's grade, or graded now (once per variant).
 * Not for a partial question set (--limit), nor with
 * TAKEHOME_VARIANT_REFERENCE=off.
 */
async function withReferenceOnVariant(sc: Scorecard, request: GradeRequest): Promise<Scorecard> {
  if (sc.status !== 'graded' || request.limit !== undefined || request.env.TAKEHOME_VARIANT_REFERENCE === 'off') return sc;
  const key = { variant: sc.variant, split: request.split, questions: questionsOf(sc), graderVersion: GRADER_VERSION, referenceHash: await referenceHash() };
  if (isReferenceSubmission(request.submissionDir)) {
    const own = referenceFromScorecard(sc, key);
    await writeCachedReference(defaultReferenceCacheDir(request.env), own).catch((error: Error) => request.log?.(`could not cache the reference's result: ${error.message}`));
    return withVariantReference(sc, own, 'this submission');
  }
  const cached = await readCachedReference(defaultReferenceCacheDir(request.env), key);
  if (cached) return withVariantReference(sc, cached, 'cache');
  const reference = await referenceFor(key, request);
  return reference ? withVariantReference(sc, reference, 'graded now') : sc;
}

/**
 * The reference's scorecard on the variant and question set SC was graded on
 * (the anchor of relative rubric levels): the same cache as above. Only for a
 * whole question set, hidden or dev: a --limit grade has no reference.
 */
async function referenceScorecard(request: ReferenceRequest): Promise<Scorecard | undefined> {
  const sc = request.scorecard;
  const seed = deriveCandidateSeed(request.secret, 'rag', request.candidate);
  if (seed.fingerprint !== sc.variant) {
    request.log?.(`the scorecard is for variant ${sc.variant}, but ${request.candidate}'s variant under this secret is ${seed.fingerprint}: no reference`);
    return undefined;
  }
  const sets = splitQuestions(seed, buildQuestionPool(seed));
  const asked = sc.items
    .filter((i) => i.kind === 'question')
    .map((i) => i.id)
    .sort()
    .join('\n');
  const split = (['hidden', 'dev'] as const).find(
    (s) =>
      sets[s]
        .map((q) => q.id)
        .sort()
        .join('\n') === asked,
  );
  if (!split) {
    request.log?.('the scorecard holds a partial question set (--limit): no reference on it');
    return undefined;
  }
  const key = { variant: sc.variant, split, questions: questionsOf(sc), graderVersion: GRADER_VERSION, referenceHash: await referenceHash() };
  const reference = await referenceFor(key, { ...request, judgeFlags: undefined });
  if (!reference) return undefined;
  return {
    schema: SCORECARD_SCHEMA,
    exercise: 'rag',
    candidate: request.candidate,
    variant: sc.variant,
    harnessVersion: sc.harnessVersion,
    status: 'graded',
    problems: [],
    backend: sc.backend,
    metrics: reference.metrics as Scorecard['metrics'],
    breakdown: {},
    items: [],
    flags: [],
  };
}

/**
 * The RAG take-home for LLM engineers: a help-centre corpus and dev questions
 * in the kit; the candidate's pipeline answers hidden questions in the
 * sandbox through the metered gateway.
 */
export const ragExercise: Exercise<RagMetric, RagCalibrationLabel> = {
  id: 'rag',
  title: 'RAG pipeline (LLM engineers)',
  graderVersion: GRADER_VERSION,
  metrics: RAG_METRICS,
  headline: 'overall',
  // judgeCorrectness shows only when --judge ran.
  summaryMetrics: ['overall', 'referenceOverall', 'hit@5', 'factCoverage', 'answeredUnanswerable', 'judgeCorrectness'],
  features: { split: true, limit: true, judge: true },
  writeKit: writeRagKit,
  async writeKey(outDir, seed) {
    const written = await writeRagKey(outDir, seed);
    return { files: written.files, summary: `${written.hiddenQuestions} hidden questions`, details: { hiddenQuestions: written.hiddenQuestions } };
  },
  async grade(request) {
    // Parsed before the sandbox runs: a bad judge flag must not cost a whole grade.
    const judge = parseJudgeFlags(request.judgeFlags ?? {}, request.env);
    const graded = await withReferenceOnVariant(
      await gradeRag({
        submissionDir: request.submissionDir,
        secret: request.secret,
        candidate: request.candidate,
        split: request.split,
        limit: request.limit,
        sandboxMode: request.sandboxMode,
        hidePaths: request.hidePaths,
        log: request.log,
        onProgress: request.onProgress,
        step: request.step,
      }),
      request,
    );
    if (!judge) return graded;
    request.log?.(`judging the answers (${judge.mode === 'replay' ? `replay of ${judge.recordPath}` : judge.settings.model})`);
    return judgeRagScorecard(graded, judge, { secret: request.secret });
  },
  calibration: ragCalibration,
  // The kit's v0 pipeline: every candidate has it, so code similarity leaves it out.
  starterDir: 'exercises/rag/starter',
  rubricFile: join(HARNESS_ROOT, 'exercises', 'rag', 'rubric.yaml'),
  referenceScorecard,
};
