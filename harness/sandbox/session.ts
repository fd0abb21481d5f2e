import type { Readable, Writable } from 'node:stream';
import { GradingError } from '../errors';
import { destroyRunCgroups, readCgroupStats } from './cgroup';
import { killLaunched, launch, type LaunchInternals } from './launch';
import { residentBytesOfUid } from './rss';
import type { ResolvedOptions, SandboxLimits } from './options';
import { CappedBuffer, LineQueue, TailBuffer } from './output';
import type { SandboxResult, SandboxViolation } from './types';
import { filesAtLeast, removeRunRoot } from './workcopy';

/** How often the RSS watchdog samples, when no memory cgroup is available. */
const RSS_POLL_MS = 100;

interface StatusMessage {
  type: 'ready' | 'setup-error' | 'exit';
  step?: string;
  message?: string;
  code?: number | null;
  signal?: NodeJS.Signals | null;
  warnings?: string[];
}

export interface Session {
  stdin: Writable | null;
  /** Stdout lines, in interactive mode. */
  lines: LineQueue | null;
  stderrTail: () => string;
  /** Resolves once the candidate's command is running (isolated: after the namespace is set up). */
  ready: Promise<void>;
  /** Resolves when the whole tree is gone, with the result. */
  done: Promise<SandboxResult>;
  /** Kill the tree now. */
  kill: () => void;
}

/**
 * One sandboxed run: launch, watch the caps and the clock, and build the
 * result once the tree is gone. runSandboxed and spawnSandboxed are thin
 * wrappers around it.
 */
export async function startSession(options: ResolvedOptions, limits: SandboxLimits, io: { interactive: boolean }, internals: LaunchInternals = {}): Promise<Session> {
  const started = Date.now();
  const stdinMode = io.interactive || options.stdin !== undefined ? 'pipe' : 'ignore';
  const launched = await launch(options, limits, stdinMode, internals);
  const { child } = launched;
  const violations: SandboxViolation[] = [];
  const stdout = new CappedBuffer(limits.outputBytes);
  // Counted apart from `stdout`: in interactive mode the bytes go to `lines`, but count the same.
  let stdoutTotal = 0;
  const stderr = new CappedBuffer(limits.outputBytes);
  const tail = new TailBuffer(64 * 1024);
  const lines = io.interactive ? new LineQueue() : null;
  let timedOut = false;
  let killed = false;
  const kill = () => {
    killed = true;
    killLaunched(launched);
  };
  const capHit = (stream: 'stdout' | 'stderr') => {
    if (violations.some((v) => v.kind === 'output-cap')) return;
    violations.push({ kind: 'output-cap', detail: `${stream} passed ${limits.outputBytes} bytes; the rest was dropped and the sandbox killed` });
    kill();
  };

  (child.stdout as Readable).on('data', (chunk: Buffer) => {
    const room = Math.max(0, limits.outputBytes - stdoutTotal);
    stdoutTotal += chunk.length;
    const within = stdoutTotal <= limits.outputBytes;
    // The chunk that crosses the cap still delivers its bytes up to the cap.
    const kept = within ? chunk : chunk.subarray(0, room);
    if (kept.length > 0) {
      if (lines) lines.push(kept);
      else stdout.push(kept);
    }
    if (!within) {
      lines?.discardPartial();
      capHit('stdout');
    }
  });
  (child.stderr as Readable).on('data', (chunk: Buffer) => {
    tail.push(chunk);
    if (!stderr.push(chunk)) capHit('stderr');
  });
  // A candidate that closes its stdin early must not crash the harness with EPIPE.
  child.stdin?.on('error', () => undefined);
  if (options.stdin !== undefined && child.stdin) child.stdin.end(options.stdin);

  const timer = setTimeout(() => {
    timedOut = true;
    violations.push({ kind: 'timeout', detail: `still running after ${limits.wallMs} ms; the whole tree was killed` });
    kill();
  }, limits.wallMs);

  const watchdog =
    launched.mode === 'isolated' && launched.cgroups.memory === null && launched.uid !== null
      ? setInterval(() => {
          const resident = residentBytesOfUid(launched.uid!);
          if (resident > limits.memoryBytes && !killed) {
            violations.push({ kind: 'memory', detail: `resident memory ${resident} bytes passed the ${limits.memoryBytes}-byte limit; the sandbox was killed` });
            kill();
          }
        }, RSS_POLL_MS)
      : undefined;

  let status: StatusMessage | undefined;
  let setupError: StatusMessage | undefined;
  let markReady!: () => void;
  let failReady!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => undefined);
  if (launched.mode === 'degraded') {
    markReady();
    // As in the isolated mode, the run ends with the command: background processes
    // it left (holding stdout open) would otherwise keep the run alive until the timeout.
    child.on('exit', () => killLaunched(launched));
  } else {
    let pending = '';
    (child.stdio[3] as Readable).on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      for (let newline = pending.indexOf('\n'); newline !== -1; newline = pending.indexOf('\n')) {
        let message: StatusMessage;
        try {
          message = JSON.parse(pending.slice(0, newline)) as StatusMessage;
        } catch {
          message = { type: 'setup-error', step: 'status', message: `unreadable status line: ${pending.slice(0, 200)}` };
        }
        pending = pending.slice(newline + 1);
        if (message.type === 'ready') {
          launched.warnings.push(...(message.warnings ?? []));
          markReady();
        } else if (message.type === 'setup-error') setupError = message;
        else status = message;
      }
    });
  }

  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
    child.on('error', (error) => {
      setupError = { type: 'setup-error', step: 'spawn', message: error.message };
      resolve({ code: null, signal: null });
    });
  });

  const done = closed.then(async (closeStatus) => {
    clearTimeout(timer);
    clearInterval(watchdog);
    lines?.end();
    const durationMs = Date.now() - started;
    const stats = await readCgroupStats(launched.cgroups);
    const leftovers = await destroyRunCgroups(launched.cgroups);
    if (setupError || (launched.mode === 'isolated' && !status && !killed)) {
      const message = setupError
        ? `sandbox setup failed at ${setupError.step}: ${setupError.message}`
        : `sandbox init ended without reporting (exit ${closeStatus.code ?? closeStatus.signal}): ${tail.text().slice(-500)}`;
      const error = new GradingError(message, { hint: 'check harness/sandbox/README.md; mode "degraded" runs without isolation' });
      failReady(error);
      await removeRunRoot(launched.root).catch(() => undefined);
      throw error;
    }
    markReady();
    const exit = launched.mode === 'isolated' ? (status ?? { code: null, signal: 'SIGKILL' as const }) : closeStatus;
    if (stats.oomKills > 0) {
      violations.push({ kind: 'memory', detail: `${stats.oomKills} process(es) killed for passing the ${limits.memoryBytes}-byte memory limit` });
    }
    if (stats.pidsRefused > 0) {
      violations.push({ kind: 'processes', detail: `${stats.pidsRefused} fork(s) refused at the limit of ${limits.processes} tasks` });
    }
    if (launched.mode === 'isolated') {
      const big = await filesAtLeast(launched.workDir, limits.fileBytes);
      if (big.length > 0 || exit.signal === 'SIGXFSZ') {
        violations.push({ kind: 'file-size', detail: `a write stopped at the ${limits.fileBytes}-byte file limit${big.length ? `: ${big.join(', ')}` : ''}` });
      }
    }
    const warnings = [...launched.warnings];
    if (leftovers > 0) warnings.push(`${leftovers} process(es) outlived the sandbox's init and were killed`);
    let removed = false;
    const cleanup = async () => {
      if (removed) return;
      removed = true;
      await removeRunRoot(launched.root);
    };
    if (!options.keepWorkDir) await cleanup();
    const result: SandboxResult = {
      exitCode: exit.code ?? null,
      signal: (exit.signal as NodeJS.Signals | null) ?? null,
      timedOut,
      stdout: stdout.text(),
      stderr: stderr.text(),
      stdoutTruncated: stdoutTotal > limits.outputBytes,
      stderrTruncated: stderr.truncated,
      durationMs,
      mode: launched.mode,
      mechanisms: launched.mechanisms,
      warnings,
      violations,
      workDir: launched.workDir,
      cleanup,
    };
    return result;
  });
  done.catch(() => undefined);

  return { stdin: child.stdin, lines, stderrTail: () => tail.text(), ready, done, kill };
}
