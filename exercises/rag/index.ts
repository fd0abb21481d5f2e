import { gradeRag } from '../../graders/rag/grade';
import { judgeRagScorecard, parseJudgeFlags } from '../../graders/rag/judge';
import { RAG_METRICS, type RagMetric } from '../../graders/rag/metric-names';
import type { Exercise } from '../../harness/exercise';
import { ragCalibration, type RagCalibrationLabel } from './calibrate';
import { writeRagKey, writeRagKit } from './kit';

/**
 * The RAG take-home for LLM engineers: a help-centre corpus and dev questions
 * in the kit; the candidate's pipeline answers hidden questions in the
 * sandbox through the metered gateway.
 */
export const ragExercise: Exercise<RagMetric, RagCalibrationLabel> = {
  id: 'rag',
  title: 'RAG pipeline (LLM engineers)',
  graderVersion: '1.1.0',
  metrics: RAG_METRICS,
  headline: 'overall',
  // judgeCorrectness shows only when --judge ran.
  summaryMetrics: ['overall', 'hit@5', 'factCoverage', 'answeredUnanswerable', 'judgeCorrectness'],
  features: { split: true, limit: true, judge: true },
  writeKit: writeRagKit,
  async writeKey(outDir, seed) {
    const written = await writeRagKey(outDir, seed);
    return { files: written.files, summary: `${written.hiddenQuestions} hidden questions`, details: { hiddenQuestions: written.hiddenQuestions } };
  },
  async grade(request) {
    // Parsed before the sandbox runs: a bad judge flag must not cost a whole grade.
    const judge = parseJudgeFlags(request.judgeFlags ?? {}, request.env);
    const graded = await gradeRag({
      submissionDir: request.submissionDir,
      secret: request.secret,
      candidate: request.candidate,
      split: request.split,
      limit: request.limit,
      sandboxMode: request.sandboxMode,
      hidePaths: request.hidePaths,
      log: request.log,
      onProgress: request.onProgress,
    });
    if (!judge) return graded;
    request.log?.(`judging the answers (${judge.mode === 'replay' ? `replay of ${judge.recordPath}` : judge.settings.model})`);
    return judgeRagScorecard(graded, judge, { secret: request.secret });
  },
  calibration: ragCalibration,
};
