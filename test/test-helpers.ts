// Helpers for tests only: production code never imports this file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
