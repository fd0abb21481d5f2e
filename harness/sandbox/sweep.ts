import { readdir, readFile, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxCapabilities } from './capabilities';
import { cgroupPids } from './cgroup';
import { OWNER_FILE, removeRunRoot } from './workcopy';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove what sandboxes of dead harness processes left behind: run folders
 * (working copies) and empty per-run cgroups. A harness that exits normally
 * removes its cgroups itself but keeps working copies until `cleanup()`; one
 * that is killed leaves both. Runs of live processes are never touched.
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
    for (const name of entries.filter((n) => n.startsWith('takehome-sbx-'))) {
      const root = join(base, name);
      let owner: { pid?: unknown };
      try {
        owner = JSON.parse(await readFile(join(root, OWNER_FILE), 'utf8')) as { pid?: unknown };
      } catch {
        continue; // not a run folder (or not ours to judge)
      }
      if (typeof owner.pid === 'number' && !alive(owner.pid)) {
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
