import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Writable, type Readable } from 'node:stream';
import { GradingError } from '../errors';
import { destroyRunCgroups, readCgroupStats } from './cgroup';
import { killGroup, killLaunched, launch, spawnDegradedCommand, type LaunchInternals } from './launch';
import { residentBytesOfUid } from './rss';
import type { ResolvedOptions, SandboxLimits } from './options';
import { CappedBuffer, LineQueue, LineSplitter, TailBuffer } from './output';
import type { SandboxResult, SandboxViolation } from './types';
import { filesAtLeast, removeRunRoot } from './workcopy';

/** How often the RSS watchdog samples, when no memory cgroup is available. */
const RSS_POLL_MS = 100;

interface StatusMessage {
  type: 'ready' | 'setup-error' | 'exit' | 'command-exit' | 'restarted';
  step?: string;
  message?: string;
  code?: number | null;
  signal?: NodeJS.Signals | null;
  warnings?: string[];
}

export interface Session {
  /** The candidate's stdin: in a restartable session, always the current command's. */
  stdin: Writable | null;
  /** Stdout lines of the current command, in interactive mode (a restart starts a fresh queue). */
  lines: () => LineQueue | null;
  stderrTail: () => string;
  /** Resolves once the candidate's command is running (isolated: after the namespace is set up). */
  ready: Promise<void>;
  /** Resolves when the whole tree is gone, with the result. */
  done: Promise<SandboxResult>;
  /** Kill the tree now. */
  kill: () => void;
  /** End the candidate's stdin: the command (and, restartable, the session) ends when it exits. */
  endInput: () => void;
  /** Restartable sessions: kill the current command and start options.restartCommand; resolves once it runs. */
  restart: (() => Promise<void>) | null;
}

/**
 * One sandboxed run: launch, watch the caps and the clock, and build the
 * result once the tree is gone. runSandboxed and spawnSandboxed are thin
 * wrappers around it.
 *
 * A restartable session (options.restartCommand, interactive) outlives its
 * command: when the command exits its line queue ends, and the session waits
 * for `restart()` (which kills the current command first), or for the end of
 * input, the timeout or `kill()`. Isolated, init relays the command's stdout
 * and marks where each command's output ends with a random marker line;
 * degraded, the session spawns each command itself.
 */
export async function startSession(options: ResolvedOptions, limits: SandboxLimits, io: { interactive: boolean }, internals: LaunchInternals = {}): Promise<Session> {
  const started = Date.now();
  const restartable = io.interactive && options.restartCommand !== undefined;
  const stdinMode = io.interactive || options.stdin !== undefined ? 'pipe' : 'ignore';
  const marker = `\u0001takehome-${randomBytes(16).toString('hex')}`;
  const launched = await launch(options, limits, stdinMode, internals, marker);
  const relayed = restartable && launched.mode === 'isolated';
  const violations: SandboxViolation[] = [];
  const stdout = new CappedBuffer(limits.outputBytes);
  // Counted apart from `stdout`: in interactive mode the bytes go to `lines`, but count the same.
  let stdoutTotal = 0;
  const stderr = new CappedBuffer(limits.outputBytes);
  const tail = new TailBuffer(64 * 1024);
  let lines = io.interactive ? new LineQueue() : null;
  /** Commands whose output has ended (isolated: end markers seen; degraded: commands closed). */
  let generationsEnded = 0;
  /** Commands started: the first, then one per restart. */
  let generationsStarted = 1;
  const generationWaiters: Array<() => void> = [];
  const endGeneration = () => {
    lines?.end();
    generationsEnded += 1;
    if (io.interactive) lines = new LineQueue();
    for (const waiter of generationWaiters.splice(0)) waiter();
  };
  const splitter = new LineSplitter((line) => {
    if (relayed && line.startsWith(marker)) endGeneration();
    else lines?.pushLine(line);
  });
  let timedOut = false;
  let killed = false;
  /** The session is ending: a command that exits now is the last (restartable sessions). */
  let finishing = !restartable;
  /** Degraded: the command now running (replaced on restart). Isolated: unshare, for the whole run. */
  let current: ChildProcess = launched.child;
  let currentClosed = false;
  let lastExit: { code: number | null; signal: NodeJS.Signals | null } = { code: null, signal: null };
  let finishClose!: (status: { code: number | null; signal: NodeJS.Signals | null }) => void;
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => (finishClose = resolve));
  const kill = () => {
    killed = true;
    finishing = true;
    if (launched.mode === 'degraded') killGroup(current.pid);
    else killLaunched(launched);
    if (launched.mode === 'degraded' && currentClosed) finishClose(lastExit);
  };
  const capHit = (stream: 'stdout' | 'stderr') => {
    if (violations.some((v) => v.kind === 'output-cap')) return;
    violations.push({ kind: 'output-cap', detail: `${stream} passed ${limits.outputBytes} bytes; the rest was dropped and the sandbox killed` });
    kill();
  };

  const onStdout = (child: ChildProcess) => (chunk: Buffer) => {
    if (child !== current) return; // a replaced command (degraded restart)
    const room = Math.max(0, limits.outputBytes - stdoutTotal);
    stdoutTotal += chunk.length;
    const within = stdoutTotal <= limits.outputBytes;
    // The chunk that crosses the cap still delivers its bytes up to the cap.
    const kept = within ? chunk : chunk.subarray(0, room);
    if (kept.length > 0) {
      if (io.interactive) splitter.push(kept);
      else stdout.push(kept);
    }
    if (!within) {
      splitter.discardPartial();
      capHit('stdout');
    }
  };
  const onStderr = (chunk: Buffer) => {
    tail.push(chunk);
    if (!stderr.push(chunk)) capHit('stderr');
  };
  const attach = (child: ChildProcess) => {
    (child.stdout as Readable).on('data', onStdout(child));
    (child.stderr as Readable).on('data', onStderr);
    // A candidate that closes its stdin early must not crash the harness with EPIPE.
    child.stdin?.on('error', () => undefined);
  };
  attach(launched.child);
  if (options.stdin !== undefined && launched.child.stdin) launched.child.stdin.end(options.stdin);

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
  const restartWaiters: Array<() => void> = [];

  /** Degraded: watch one command; in a restartable session its exit ends its generation, not the run. */
  const watchDegraded = (child: ChildProcess) => {
    // As in the isolated mode, a command's run ends with it: background processes
    // it left (holding stdout open) would otherwise keep it alive until the timeout.
    child.on('exit', () => killGroup(child.pid));
    child.on('close', (code, signal) => {
      if (child !== current) return;
      currentClosed = true;
      lastExit = { code, signal };
      if (io.interactive) {
        splitter.flush();
        endGeneration();
      }
      if (finishing) finishClose(lastExit);
    });
    child.on('error', (error) => {
      setupError = { type: 'setup-error', step: 'spawn', message: error.message };
      finishClose({ code: null, signal: null });
    });
  };

  if (launched.mode === 'degraded') {
    markReady();
    watchDegraded(launched.child);
  } else {
    let pending = '';
    (launched.child.stdio[3] as Readable).on('data', (chunk: Buffer) => {
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
        else if (message.type === 'restarted') {
          generationsStarted += 1;
          for (const waiter of restartWaiters.splice(0)) waiter();
        } else if (message.type === 'exit') status = message;
      }
    });
    launched.child.on('close', (code, signal) => {
      // The last command's lines were all relayed before init exited.
      if (io.interactive && !lines?.isEnded) {
        splitter.flush();
        lines?.end();
      }
      finishClose({ code, signal });
    });
    launched.child.on('error', (error) => {
      setupError = { type: 'setup-error', step: 'spawn', message: error.message };
      finishClose({ code: null, signal: null });
    });
  }

  // One writable for the whole session: a degraded restart swaps the command behind it.
  const stdin = io.interactive
    ? new Writable({
        write(chunk: Buffer, _encoding, callback) {
          if (!currentClosed && current.stdin?.writable) current.stdin.write(chunk);
          callback();
        },
        final(callback) {
          current.stdin?.end();
          callback();
        },
      })
    : launched.child.stdin;
  stdin?.on('error', () => undefined);
  const endInput = () => {
    finishing = true;
    if (stdin && !stdin.writableEnded) stdin.end();
    if (launched.mode === 'degraded' && currentClosed) finishClose(lastExit);
  };

  let restarting = false;
  const restart = restartable
    ? async (): Promise<void> => {
        if (finishing) throw new GradingError('the sandboxed process is ending and cannot be restarted');
        if (restarting) throw new GradingError('a restart is already in progress');
        restarting = true;
        try {
          // The command running now (or the last one, if it already ended) must have ended.
          const target = generationsStarted;
          const generationEnded = new Promise<void>((resolve) => {
            const check = () => (generationsEnded >= target || finishing ? resolve() : generationWaiters.push(check));
            check();
          });
          if (launched.mode === 'isolated') {
            const restarted = new Promise<void>((resolve) => restartWaiters.push(resolve));
            const sessionOver = closed.then(() => undefined);
            (launched.child.stdio[4] as Writable).write(`${JSON.stringify({ type: 'restart' })}\n`);
            await Promise.race([Promise.all([restarted, generationEnded]), sessionOver]);
            if (finishing) throw new GradingError('the sandbox ended during a restart');
            return;
          }
          // Degraded: kill the command's group, wait for it to close, start the next one.
          if (!currentClosed) {
            killGroup(current.pid);
            await generationEnded;
          }
          if (finishing) throw new GradingError('the sandbox ended during a restart');
          splitter.discardPartial();
          const next = spawnDegradedCommand(options, options.restartCommand!, 'pipe', launched.workDir);
          current = next;
          currentClosed = false;
          generationsStarted += 1;
          attach(next);
          watchDegraded(next);
        } finally {
          restarting = false;
        }
      }
    : null;

  const done = closed.then(async (closeStatus) => {
    clearTimeout(timer);
    clearInterval(watchdog);
    lines?.end();
    for (const waiter of generationWaiters.splice(0)) waiter();
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

  return { stdin, lines: () => lines, stderrTail: () => tail.text(), ready, done, kill, endInput, restart };
}
