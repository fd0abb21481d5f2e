import type { Writable } from 'node:stream';
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
  /** The candidate's stdin (JSONL questions for the RAG `answer` command). */
  stdin: Writable;
  /** Stdout lines as they come; ends when the process does. Counted against the output cap. */
  lines: () => AsyncIterableIterator<string>;
  /** The last 64 KiB of stderr, for error messages while the process runs. */
  stderrTail: () => string;
  /** Close stdin, give the process `graceMs` to exit on its own, then kill it; resolves with the result. */
  stop: (graceMs?: number) => Promise<SandboxResult>;
  /** Kill the whole tree now; `stop()` or `exited` still gives the result. */
  kill: () => void;
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
  const queue = session.lines!;
  const stdin = session.stdin!;
  let iterated = false;
  return {
    stdin,
    lines: () => {
      if (iterated) throw new Error('lines() can be iterated once');
      iterated = true;
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
      stdin.end();
      const timer = setTimeout(session.kill, graceMs);
      try {
        return await session.done;
      } finally {
        clearTimeout(timer);
      }
    },
    kill: session.kill,
    exited: session.done,
  };
}
