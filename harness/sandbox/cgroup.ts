import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One run's cgroup v1 folders, made under the harness's own cgroups. */
export interface RunCgroups {
  memory: string | null;
  pids: string | null;
}

export async function createRunCgroups(input: {
  memoryParent: string | null;
  pidsParent: string | null;
  name: string;
  memoryBytes: number;
  processes: number;
}): Promise<{ cgroups: RunCgroups; warnings: string[] }> {
  const warnings: string[] = [];
  const cgroups: RunCgroups = { memory: null, pids: null };
  if (input.memoryParent) {
    const dir = join(input.memoryParent, input.name);
    try {
      await mkdir(dir);
      cgroups.memory = dir;
      await writeFile(join(dir, 'memory.limit_in_bytes'), String(input.memoryBytes));
      // Without memsw the limit could be dodged by swapping; absent when the kernel has no swap accounting.
      await writeFile(join(dir, 'memory.memsw.limit_in_bytes'), String(input.memoryBytes)).catch(() => undefined);
      await writeFile(join(dir, 'memory.swappiness'), '0').catch(() => undefined);
    } catch (error) {
      warnings.push(`memory cgroup ${dir}: ${(error as Error).message}`);
      if (cgroups.memory) await removeCgroupDir(cgroups.memory);
      cgroups.memory = null;
    }
  }
  if (input.pidsParent) {
    const dir = join(input.pidsParent, input.name);
    try {
      await mkdir(dir);
      cgroups.pids = dir;
      await writeFile(join(dir, 'pids.max'), String(input.processes));
    } catch (error) {
      warnings.push(`pids cgroup ${dir}: ${(error as Error).message}`);
      if (cgroups.pids) await removeCgroupDir(cgroups.pids);
      cgroups.pids = null;
    }
  }
  return { cgroups, warnings };
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

function field(text: string, name: string): number {
  const match = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

export interface CgroupStats {
  oomKills: number;
  memoryPeakBytes: number;
  /** Forks refused because pids.max was reached. */
  pidsRefused: number;
  pidsPeak: number;
}

export async function readCgroupStats(cgroups: RunCgroups): Promise<CgroupStats> {
  const stats: CgroupStats = { oomKills: 0, memoryPeakBytes: 0, pidsRefused: 0, pidsPeak: 0 };
  if (cgroups.memory) {
    stats.oomKills = field(await readText(join(cgroups.memory, 'memory.oom_control')), 'oom_kill');
    stats.memoryPeakBytes = Number((await readText(join(cgroups.memory, 'memory.max_usage_in_bytes'))).trim()) || 0;
  }
  if (cgroups.pids) {
    stats.pidsRefused = field(await readText(join(cgroups.pids, 'pids.events')), 'max');
    stats.pidsPeak = Number((await readText(join(cgroups.pids, 'pids.peak'))).trim()) || 0;
  }
  return stats;
}

export async function cgroupPids(dir: string): Promise<number[]> {
  return (await readText(join(dir, 'cgroup.procs')))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(Number);
}

/** SIGKILL every task left in the cgroups, then remove them. Returns how many were still there. */
export async function destroyRunCgroups(cgroups: RunCgroups): Promise<number> {
  let leftovers = 0;
  for (const dir of [cgroups.pids, cgroups.memory]) {
    if (!dir) continue;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const pids = await cgroupPids(dir);
      if (pids.length === 0) break;
      if (attempt === 0) leftovers = Math.max(leftovers, pids.length);
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await removeCgroupDir(dir);
  }
  return leftovers;
}

async function removeCgroupDir(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 25; attempt += 1) {
    try {
      await rmdir(dir);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      // EBUSY while the last task is being reaped.
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
