import { readdirSync, readFileSync } from 'node:fs';

/**
 * Resident memory of every process running as `uid`, in bytes. Each sandbox
 * has a uid of its own, so this is the sandbox's footprint: the stand-in for
 * the memory cgroup where none is writable. Shared pages count once per process.
 */
export function residentBytesOfUid(uid: number): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let status: string;
    try {
      status = readFileSync(`/proc/${entry}/status`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    const owner = /^Uid:\s+(\d+)/m.exec(status);
    if (!owner || Number(owner[1]) !== uid) continue;
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
    if (rss) total += Number(rss[1]) * 1024;
  }
  return total;
}
