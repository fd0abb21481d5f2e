export type {
  Calibration,
  CalibrationCheck,
  CalibrationRun,
  CalibrationSubmission,
  DemoContext,
  Exercise,
  ExerciseFeatures,
  ExerciseTable,
  GradedSubmission,
  GradeRequest,
  HostCheck,
  KeyWritten,
  KitWritten,
  ReferenceRequest,
  CalibrationRubricExpectation,
  SandboxMode,
  Split,
} from './contract';
export { calibrationGrade, formatMetric, formatWithInterval, metricWithInterval, runCalibration, type ProgressBar } from './calibrate';
export { runDemo } from './demo';
export { gradeSubmission, prepareGrading } from './grade';
export { recordResult } from './results';
export { type ManualCriterionView, prepareReview, recordReview, renderOthers, renderReviewView, resolveCandidate, type ReviewSession, type ReviewView } from './review';
export { formatScoreLine, type ScoreOutcome, scoreResult } from './score';
