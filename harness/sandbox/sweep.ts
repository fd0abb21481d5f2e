import { readdir, rmdir } from 'node:fs/promises';
import { readRegularFile } from '../fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxCapabilities } from './capabilities';
import { cgroupPids } from './cgroup';
import { OWNER_FILE, processStartTime, removeRunRoot, SCRATCH_NAME } from './workcopy';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process that wrote an owner file still runs (same pid and, when recorded, same start time). */
function ownerAlive(owner: { pid?: unknown; startTime?: unknown }): boolean {
  if (typeof owner.pid !== 'number') return true; // not ours to judge
  if (!alive(owner.pid)) return false;
  if (typeof owner.startTime !== 'string') return true;
  const now = processStartTime(owner.pid);
  // A pid reused by another process: its maker is gone.
  return now === null || now === owner.startTime;
}

/**
 * Remove what graders and sandboxes of dead harness processes left behind:
 * scratch and run folders (`takehome-sbx-*` working copies, `takehome-rag-*`
 * and `takehome-ml-*` grading scratch) and empty per-run cgroups. A harness
 * that exits normally removes them itself; one that is killed leaves them.
 * Folders of live processes, and folders without an owner file, are never touched.
 */
export async function sweepStaleSandboxes(): Promise<{ runRoots: string[]; cgroups: string[] }> {
  const removed = { runRoots: [] as string[], cgroups: [] as string[] };
  for (const base of new Set(['/tmp', tmpdir()])) {
    let entries: string[];
    try {
      entries = await readdir(base);
    } catch {
      continue;
    }
    for (const name of entries.filter((n) => SCRATCH_NAME.test(n))) {
      const root = join(base, name);
      let owner: { pid?: unknown; startTime?: unknown };
      try {
        owner = JSON.parse((await readRegularFile(join(root, OWNER_FILE), 4096)).toString('utf8')) as { pid?: unknown; startTime?: unknown };
      } catch {
        continue; // not a run folder (or not ours to judge)
      }
      if (!ownerAlive(owner)) {
        await removeRunRoot(root);
        removed.runRoots.push(root);
      }
    }
  }
  removed.cgroups = await sweepStaleCgroups();
  return removed;
}

/**
 * Remove empty per-run cgroups whose harness process is gone. Cheap (two
 * readdirs), so every isolated run calls it first: a leftover child cgroup
 * would otherwise block whoever removes the harness's own cgroup later.
 */
export async function sweepStaleCgroups(): Promise<string[]> {
  const removed: string[] = [];
  const caps = sandboxCapabilities();
  for (const parent of [caps.cgroupMemory, caps.cgroupPids]) {
    if (!parent) continue;
    for (const name of await readdir(parent).catch(() => [] as string[])) {
      const match = /^takehome-sbx-(\d+)-[0-9a-f]+$/.exec(name);
      if (!match || alive(Number(match[1]))) continue;
      const dir = join(parent, name);
      if ((await cgroupPids(dir)).length > 0) continue; // still running: leave it to its own timeout
      try {
        await rmdir(dir);
        removed.push(dir);
      } catch {
        // busy; a later sweep gets it
      }
    }
  }
  return removed;
}
