// Helpers for tests only: production code never imports this file.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll } from 'vitest';

/**
 * A time limit that only ends a hang: a wall clock, per-question or subprocess
 * limit a test passes where the thing under test must finish by itself. It is
 * never what decides the outcome, however slow or busy the machine is. (A test
 * that checks a limit fires uses a process that hangs, not a slow one.)
 */
export const SAFETY_NET_MS = 10 * 60_000;

/**
 * `const temp = useTempDirs()` at the top of a file or a describe block;
 * `temp('takehome-x-')` makes a fresh folder in the temp dir, removed with
 * everything in it after that file's (or block's) tests, pass or fail.
 */
export function useTempDirs(): (prefix: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

/** Polls `check` until it holds; false only if it still fails after `timeoutMs` (a safety net). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = SAFETY_NET_MS, intervalMs = 20): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return check();
}

/** How a subprocess ended: a non-zero exit is a result to assert on, not an error. */
export interface ProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run CMD to its end (the safety net only stops a hang) and return its exit code and output. */
export async function runProcess(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ProcessRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(cmd, args, { ...options, timeout: SAFETY_NET_MS, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const TAKEHOME_BIN = fileURLToPath(new URL('../bin/takehome.mjs', import.meta.url));

/**
 * The takehome CLI as a user starts it: a subprocess with PATH, the run's
 * TMPDIR and NO_COLOR, plus ENV; nothing else of the test's environment.
 */
export function runTakehome(args: string[], env: Record<string, string | undefined> = {}): Promise<ProcessRun> {
  return runProcess(process.execPath, [TAKEHOME_BIN, ...args], { env: { PATH: process.env.PATH, TMPDIR: process.env.TMPDIR, NO_COLOR: '1', ...env } });
}

/** Processes whose command line holds TOKEN as one argument (to find what a killed run left behind). */
export function pidsWithArg(token: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(token)) found.push(Number(entry));
    } catch {
      // ended while we looked
    }
  }
  return found;
}
