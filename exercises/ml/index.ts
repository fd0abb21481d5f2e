import { gradeMl } from '../../graders/ml/grade';
import { ML_METRICS, type MlMetric } from '../../graders/ml/metric-names';
import { join } from 'node:path';
import type { Exercise, GradeRequest } from '../../harness/exercise';
import { isReferenceDir, type ReferenceSource, referenceOnVariant, writeReferenceScorecard } from '../../harness/exercise/reference';
import { HARNESS_ROOT } from '../../harness/sandbox';
import { mlCalibration, type MlCalibrationLabel } from './calibrate';
import { gradeMalformed } from './demo';
import { mlDoctor } from './doctor';
import { writeMlKey, writeMlKit } from './kit';

const GRADER_VERSION = '2.0.0';

/** The TypeScript reference: its scorecard on each variant anchors the relative rubric levels (cached per variant). */
const REFERENCE: ReferenceSource = { exercise: 'ml', graderVersion: GRADER_VERSION, dir: join(HARNESS_ROOT, 'exercises', 'ml', 'reference') };

function grade(request: GradeRequest) {
  return gradeMl({
    submissionDir: request.submissionDir,
    secret: request.secret,
    candidate: request.candidate,
    sandboxMode: request.sandboxMode,
    hidePaths: request.hidePaths,
    log: request.log,
    step: request.step,
  });
}

/**
 * The ML take-home for ML engineers: a messy claims dataset with planted
 * leakage traps; the candidate's predictions are scored against hidden labels
 * and probed for the traps.
 */
export const mlExercise: Exercise<MlMetric, MlCalibrationLabel> = {
  id: 'ml',
  title: 'Tabular fraud model with leakage traps (ML engineers)',
  graderVersion: GRADER_VERSION,
  metrics: ML_METRICS,
  headline: 'average_precision',
  summaryMetrics: ['average_precision', 'roc_auc', 'log_loss', 'ece_uniform', 'traps_fell_for', 'traps_avoided'],
  features: { split: false, limit: false, judge: false },
  writeKit: writeMlKit,
  async writeKey(outDir, seed) {
    const { files, summary } = await writeMlKey(outDir, seed);
    return {
      files,
      summary: `labels of ${summary.scoredRows} scored claims, ${summary.twinRows} twins, ${summary.traps} traps`,
      details: { scoredRows: summary.scoredRows, twinRows: summary.twinRows, traps: summary.traps },
    };
  },
  async grade(request) {
    const scorecard = await grade(request);
    // The reference graded anywhere (calibration, the demo, a loop) fills the per-variant cache: no extra run later.
    if (isReferenceDir(REFERENCE, request.submissionDir))
      await writeReferenceScorecard(REFERENCE, scorecard, request.env).catch((error: Error) => request.log?.(`could not cache the reference's result: ${error.message}`));
    return scorecard;
  },
  calibration: mlCalibration,
  rubricFile: join(HARNESS_ROOT, 'exercises', 'ml', 'rubric.yaml'),
  referenceScorecard: (request) => referenceOnVariant(REFERENCE, request, () => grade({ ...request, submissionDir: REFERENCE.dir, split: 'hidden' })),
  demo: (context) => gradeMalformed(mlExercise, context),
  doctor: mlDoctor,
};
