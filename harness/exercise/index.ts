export type { Calibration, CalibrationCheck, CalibrationRun, CalibrationSubmission, DemoContext, Exercise, ExerciseFeatures, ExerciseTable, GradedSubmission, GradeRequest, KeyWritten, KitWritten, SandboxMode, Split } from './contract';
export { calibrationGrade, formatMetric, formatWithInterval, metricWithInterval, runCalibration, type CalibrateOptions, type ProgressBar } from './calibrate';
export { DEMO_CANDIDATE, runDemo, type DemoOptions, type DemoResult } from './demo';
export { gradeSubmission, prepareGrading, type PreparedGrading } from './grade';
export { harnessCommit, withProvenance } from './provenance';
