export { runSandboxed, spawnSandboxed, type SandboxedProcess } from './run';
export { sandboxCapabilities } from './capabilities';
export { DEFAULT_GATEWAY_PORT, DEFAULT_LIMITS, type SandboxOptions } from './options';
export { readWorkFile, removeWorkDir } from './workcopy';
export { sweepStaleSandboxes } from './sweep';
export { HARNESS_ROOT, UID_RANGE } from './launch';
export type { SandboxCapabilities, SandboxMode, SandboxResult, SandboxViolation, ViolationKind } from './types';
