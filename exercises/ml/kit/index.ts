export { buildMlKit, writeMlKit } from './build';
export { buildMlKey, writeMlKey } from './key';
