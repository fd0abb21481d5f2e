export type SandboxMode = 'isolated' | 'degraded';

export type ViolationKind = 'timeout' | 'output-cap' | 'memory' | 'processes' | 'file-size';

export interface SandboxViolation {
  kind: ViolationKind;
  detail: string;
}

export interface SandboxResult {
  /** Exit code of the candidate's shell, or null when it was killed by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  durationMs: number;
  mode: SandboxMode;
  /** What was in force for this run, e.g. 'netns', 'cgroup-memory', 'uid:1734521'. */
  mechanisms: string[];
  warnings: string[];
  violations: SandboxViolation[];
  /** The working copy on the host; the candidate saw it at the same path. */
  workDir: string;
  /** Remove the working copy (no-op when already removed). */
  cleanup: () => Promise<void>;
}

export interface SandboxCapabilities {
  platform: NodeJS.Platform;
  root: boolean;
  /** Absolute paths of the tools the isolated mode needs, when found. */
  tools: Partial<Record<'unshare' | 'setpriv' | 'prlimit' | 'ip' | 'mount' | 'umount' | 'pivot_root', string>>;
  /** `unshare --net --mount --pid --fork --mount-proc true` succeeded. */
  namespaces: boolean;
  /** Writable cgroup v1 folders under which a per-run child is made, or null. */
  cgroupMemory: string | null;
  cgroupPids: string | null;
  /** True when every mechanism the isolated mode needs is present. */
  isolated: boolean;
  /** Why isolated is false (empty when it is true), or which optional part is missing. */
  reasons: string[];
}
