export { buildRagKit, writeRagKit, STARTER_DIR } from './build';
export { buildRagKey, writeRagKey } from './key';
export { bundleCheckTool } from './bundle';
export { prunedLockfile } from './lockfile';
