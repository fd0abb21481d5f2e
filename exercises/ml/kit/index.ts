export { buildMlKit, writeMlKit, ML_BRIEF_TEMPLATE, ML_KIT_PACKAGE_JSON } from './build';
export { buildMlKey, writeMlKey, type MlKeySummary } from './key';
export { bundleMlCheckTool } from './bundle';
export { checkMlSubmission, readTestIds, type CheckProblem, type MlCheckResult } from './check';
export { KIT_EXAMPLE_REPORT } from './example';
