export { runSandboxed, spawnSandboxed, type SandboxedProcess } from './run';
export { makeScratchDir, readWorkFile, removeTree } from './workcopy';
export { sweepStaleSandboxes } from './sweep';
export { HARNESS_ROOT } from './launch';
export type { SandboxResult } from './types';
