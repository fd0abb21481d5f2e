import type { Writable } from 'node:stream';
import { UsageError } from '../errors';
import { parseSandboxOptions, resolveLimits, type SandboxOptions } from './options';
import { startSession } from './session';
import type { SandboxResult } from './types';

/** Run a candidate command to completion (ingest, the ML `run`) and return what happened. */
export async function runSandboxed(input: SandboxOptions): Promise<SandboxResult> {
  const options = parseSandboxOptions(input);
  const session = await startSession(options, resolveLimits(options.limits), { interactive: false });
  return session.done;
}

export interface SandboxedProcess {
  /** The candidate's stdin (JSONL questions for the RAG `answer` command); after a restart, the new command's. */
  stdin: Writable;
  /**
   * Stdout lines of the command now running, as they come; ends when that
   * command does. Counted against the output cap. Once per command: after
   * `restart()`, call it again for the new command's lines.
   */
  lines: () => AsyncIterableIterator<string>;
  /** The last 64 KiB of stderr, for error messages while the process runs. */
  stderrTail: () => string;
  /** Close stdin, give the process `graceMs` to exit on its own, then kill it; resolves with the result. */
  stop: (graceMs?: number) => Promise<SandboxResult>;
  /** Kill the whole tree now; `stop()` or `exited` still gives the result. */
  kill: () => void;
  /**
   * With `restartCommand`: kill the command now running (its whole tree) and
   * start `restartCommand` in the same working copy, /tmp and cgroups; resolves
   * once it runs. Lines the killed command had not finished are dropped, and so
   * are questions it had not read. Throws without `restartCommand`, or once the
   * process is stopping.
   */
  restart: () => Promise<void>;
  /** Resolves with the result whenever the process ends. */
  exited: Promise<SandboxResult>;
}

/**
 * Start a long-running candidate process (the RAG `answer` command) and talk to
 * it over stdin/stdout. Resolves once the command has started; rejects if the
 * sandbox could not be set up. The result's `stdout` is empty: lines go to `lines()`.
 */
export async function spawnSandboxed(input: SandboxOptions): Promise<SandboxedProcess> {
  const options = parseSandboxOptions({ ...input, stdin: undefined });
  const session = await startSession(options, resolveLimits(options.limits), { interactive: true });
  await session.ready;
  const stdin = session.stdin!;
  const iterated = new WeakSet<object>();
  return {
    stdin,
    lines: () => {
      const queue = session.lines()!;
      if (iterated.has(queue)) throw new Error('lines() can be iterated once per command');
      iterated.add(queue);
      const iterator = queue[Symbol.asyncIterator]();
      return {
        next: () => iterator.next(),
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    },
    stderrTail: session.stderrTail,
    stop: async (graceMs = 5_000) => {
      session.endInput();
      const timer = setTimeout(session.kill, graceMs);
      try {
        return await session.done;
      } finally {
        clearTimeout(timer);
      }
    },
    kill: session.kill,
    restart: async () => {
      if (!session.restart) throw new UsageError('this sandboxed process has no restartCommand', { hint: 'pass restartCommand to spawnSandboxed' });
      await session.restart();
    },
    exited: session.done,
  };
}
