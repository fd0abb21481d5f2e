export { buildRagKit, writeRagKit } from './build';
export { buildRagKey, writeRagKey } from './key';
