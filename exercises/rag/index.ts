import { gradeRag } from '../../graders/rag/grade';
import { judgeRagScorecard, parseJudgeFlags } from '../../graders/rag/judge';
import { RAG_METRICS, type RagMetric } from '../../graders/rag/metric-names';
import type { Exercise, GradeRequest } from '../../harness/exercise';
import type { Scorecard } from '../../harness/scorecard';
import { ragCalibration, type RagCalibrationLabel } from './calibrate';
import { writeRagKey, writeRagKit } from './kit';
import {
  defaultReferenceCacheDir,
  isReferenceSubmission,
  questionsOf,
  readCachedReference,
  REFERENCE_DIR,
  referenceFromScorecard,
  referenceHash,
  withVariantReference,
  writeCachedReference,
} from './variant-reference';

const GRADER_VERSION = '2.1.0';

/**
 * SC with the reference pipeline's result on the same variant and questions
 * beside it (exercises/rag/variant-reference.ts): from the cache, from SC
 * itself when SC is the reference's grade, or graded now (once per variant).
 * Not for a partial question set (--limit), nor with
 * TAKEHOME_VARIANT_REFERENCE=off.
 */
async function withReferenceOnVariant(sc: Scorecard, request: GradeRequest): Promise<Scorecard> {
  if (sc.status !== 'graded' || request.limit !== undefined || request.env.TAKEHOME_VARIANT_REFERENCE === 'off') return sc;
  const cacheDir = defaultReferenceCacheDir(request.env);
  const key = { variant: sc.variant, split: request.split, questions: questionsOf(sc), graderVersion: GRADER_VERSION, referenceHash: await referenceHash() };
  if (isReferenceSubmission(request.submissionDir)) {
    const own = referenceFromScorecard(sc, key);
    await writeCachedReference(cacheDir, own).catch((error: Error) => request.log?.(`could not cache the reference's result: ${error.message}`));
    return withVariantReference(sc, own, 'this submission');
  }
  const cached = await readCachedReference(cacheDir, key);
  if (cached) return withVariantReference(sc, cached, 'cache');
  request.log?.(`grading the reference pipeline on this variant, once (cached in ${cacheDir}) ...`);
  const graded = await gradeRag({
    submissionDir: REFERENCE_DIR,
    secret: request.secret,
    candidate: request.candidate,
    split: request.split,
    sandboxMode: request.sandboxMode,
    hidePaths: request.hidePaths,
    log: request.log,
  });
  if (graded.status !== 'graded' || questionsOf(graded) !== key.questions) {
    request.log?.(`the reference could not be graded on this variant (${graded.problems.join('; ')}): no reference score beside this one`);
    return sc;
  }
  const reference = referenceFromScorecard(graded, key);
  await writeCachedReference(cacheDir, reference).catch((error: Error) => request.log?.(`could not cache the reference's result: ${error.message}`));
  return withVariantReference(sc, reference, 'graded now');
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
      }),
      request,
    );
    if (!judge) return graded;
    request.log?.(`judging the answers (${judge.mode === 'replay' ? `replay of ${judge.recordPath}` : judge.settings.model})`);
    return judgeRagScorecard(graded, judge, { secret: request.secret });
  },
  calibration: ragCalibration,
};
