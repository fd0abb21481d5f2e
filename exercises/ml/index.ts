import { gradeMl } from '../../graders/ml/grade';
import { ML_METRICS, type MlMetric } from '../../graders/ml/metric-names';
import type { Exercise } from '../../harness/exercise';
import { mlCalibration, type MlCalibrationLabel } from './calibrate';
import { gradeMalformed } from './demo';
import { mlDoctor } from './doctor';
import { writeMlKey, writeMlKit } from './kit';

/**
 * The ML take-home for ML engineers: a messy claims dataset with planted
 * leakage traps; the candidate's predictions are scored against hidden labels
 * and probed for the traps.
 */
export const mlExercise: Exercise<MlMetric, MlCalibrationLabel> = {
  id: 'ml',
  title: 'Tabular fraud model with leakage traps (ML engineers)',
  graderVersion: '2.0.0',
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
  grade: (request) =>
    gradeMl({
      submissionDir: request.submissionDir,
      secret: request.secret,
      candidate: request.candidate,
      sandboxMode: request.sandboxMode,
      hidePaths: request.hidePaths,
      log: request.log,
      step: request.step,
    }),
  calibration: mlCalibration,
  demo: (context) => gradeMalformed(mlExercise, context),
  doctor: mlDoctor,
};
