import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { SandboxCapabilities } from './types';

const TOOL_DIRS = ['/usr/bin', '/bin', '/usr/sbin', '/sbin', '/usr/local/bin', '/usr/local/sbin'];

function findTool(name: string): string | undefined {
  for (const dir of TOOL_DIRS) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** The cgroup v1 folder of this process for one controller, e.g. /sys/fs/cgroup/memory/some/path. */
export function ownCgroupDir(controller: 'memory' | 'pids', procCgroup?: string): string | null {
  let text: string;
  try {
    text = procCgroup ?? readFileSync('/proc/self/cgroup', 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    const [, controllers, path] = line.split(':');
    if (controllers === undefined || path === undefined) continue;
    if (controllers.split(',').includes(controller)) return join('/sys/fs/cgroup', controller, path).replace(/\/+$/, '');
  }
  return null;
}

/**
 * A child cgroup goes under our own cgroup (never the root), so a sandbox stays
 * inside whatever limits the harness itself runs under.
 */
function probeCgroup(controller: 'memory' | 'pids', limitFile: string): string | null {
  const dir = ownCgroupDir(controller);
  if (dir === null) return null;
  const probe = join(dir, `takehome-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(probe);
  } catch {
    return null;
  }
  try {
    accessSync(join(probe, limitFile), constants.W_OK);
    return dir;
  } catch {
    return null;
  } finally {
    try {
      rmdirSync(probe);
    } catch {
      // a probe folder that cannot be removed is harmless: it holds no task
    }
  }
}

let cached: SandboxCapabilities | undefined;

/** Which isolation mechanisms this machine offers. Probed once per process (about 20 ms). */
export function sandboxCapabilities(options: { refresh?: boolean } = {}): SandboxCapabilities {
  if (cached && !options.refresh) return cached;
  const reasons: string[] = [];
  const platform = process.platform;
  const root = typeof process.geteuid === 'function' && process.geteuid() === 0;
  const tools: SandboxCapabilities['tools'] = {};
  let namespaces = false;
  let cgroupMemory: string | null = null;
  let cgroupPids: string | null = null;

  if (platform !== 'linux') reasons.push(`platform is ${platform}, not linux`);
  else if (!root) reasons.push('not running as root (namespaces, uid switch and cgroups need it)');
  else {
    for (const name of ['unshare', 'setpriv', 'prlimit', 'ip', 'mount', 'umount', 'pivot_root'] as const) {
      const path = findTool(name);
      if (path) tools[name] = path;
      else reasons.push(`${name} not found in ${TOOL_DIRS.join(':')}`);
    }
    if (tools.unshare) {
      const probe = spawnSync(tools.unshare, ['--net', '--mount', '--pid', '--fork', '--mount-proc', 'true'], {
        stdio: ['ignore', 'ignore', 'pipe'],
        timeout: 10_000,
        env: { PATH: TOOL_DIRS.join(':') },
      });
      namespaces = probe.status === 0;
      if (!namespaces) reasons.push(`unshare failed: ${probe.stderr?.toString().trim() || probe.error?.message || `exit ${probe.status}`}`);
    }
    cgroupMemory = probeCgroup('memory', 'memory.limit_in_bytes');
    cgroupPids = probeCgroup('pids', 'pids.max');
  }
  const isolated = reasons.length === 0;
  // Missing cgroups do not block isolation (rlimits stand in), but are worth saying.
  if (isolated && cgroupMemory === null) reasons.push('cgroup v1 memory controller not writable: memory falls back to an RSS watchdog');
  if (isolated && cgroupPids === null) reasons.push('cgroup v1 pids controller not writable: processes fall back to RLIMIT_NPROC');
  cached = { platform, root, tools, namespaces, cgroupMemory, cgroupPids, isolated, reasons };
  return cached;
}
