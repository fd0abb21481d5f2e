// Helpers shared by the sandbox tests only.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxCapabilities } from './capabilities';
import type { SandboxResult } from './types';

const caps = sandboxCapabilities();
export const canIsolate = caps.isolated;
export const skipReason = canIsolate ? '' : `isolation unavailable here: ${caps.reasons.join('; ')}`;
/** The memory and pids violations are read from cgroups; without them only rlimits apply, unreported. */
export const hasMemoryCgroup = canIsolate && caps.cgroupMemory !== null;
export const hasPidsCgroup = canIsolate && caps.cgroupPids !== null;

/** A throwaway submission folder holding the given files. */
export function makeSubmission(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'takehome-sbx-test-sub-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function uidOf(result: SandboxResult): number {
  const entry = result.mechanisms.find((m) => m.startsWith('uid:'));
  if (!entry) throw new Error('result has no uid mechanism');
  return Number(entry.slice(4));
}

/** Pids of live (non-zombie) processes running as `uid`. */
export function processesOfUid(uid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const uidMatch = /^Uid:\s+(\d+)/m.exec(status);
      const state = /^State:\s+(\S)/m.exec(status);
      if (uidMatch && Number(uidMatch[1]) === uid && state?.[1] !== 'Z') found.push(Number(entry));
    } catch {
      // ended while we looked
    }
  }
  return found;
}

export function kinds(result: SandboxResult): string[] {
  return result.violations.map((v) => v.kind);
}

/** The last JSON line a candidate script printed on stdout. */
export function lastJson<T = Record<string, unknown>>(result: SandboxResult): T {
  const lines = result.stdout.trim().split('\n').filter(Boolean);
  const last = lines[lines.length - 1];
  if (last === undefined) throw new Error(`no output; stderr: ${result.stderr}`);
  return JSON.parse(last) as T;
}
