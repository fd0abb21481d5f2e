import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GradingError, UsageError } from '../errors';
import { sandboxCapabilities } from './capabilities';
import { createRunCgroups, type RunCgroups } from './cgroup';
import { sweepStaleCgroups } from './sweep';
import { buildCandidateEnv } from './env';
import { allowListRoot } from './root';
import type { ResolvedOptions, SandboxLimits } from './options';
import type { SandboxCapabilities, SandboxMode } from './types';
import { chownTree, createWorkCopy, randomRunId, removeRunRoot } from './workcopy';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The harness checkout: hidden from every candidate by default. */
export const HARNESS_ROOT = resolve(HERE, '..', '..');
const INIT_SCRIPT = join(HERE, 'init.mjs');

/** Sandbox uids come from this range, one per run, so runs never share RLIMIT_NPROC or file ownership. */
export const UID_RANGE = { min: 1_500_000, max: 2_500_000 } as const;

export interface Launched {
  mode: SandboxMode;
  child: ChildProcess;
  root: string;
  workDir: string;
  uid: number | null;
  cgroups: RunCgroups;
  mechanisms: string[];
  warnings: string[];
}

function under(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

function uidsInUse(): Set<number> {
  const used = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const match = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'));
      if (match) used.add(Number(match[1]));
    } catch {
      // the process ended while we looked
    }
  }
  return used;
}

function pickUid(): number {
  const used = uidsInUse();
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const uid = randomInt(UID_RANGE.min, UID_RANGE.max);
    if (!used.has(uid)) return uid;
  }
  throw new GradingError('no free sandbox uid found', { hint: `too many processes run under uids ${UID_RANGE.min}-${UID_RANGE.max}` });
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export function chooseMode(requested: ResolvedOptions['mode'], caps: SandboxCapabilities): { mode: SandboxMode; warnings: string[] } {
  if (requested === 'degraded') {
    return { mode: 'degraded', warnings: ['degraded mode was requested: only the timeout, the output caps and the scrubbed environment apply'] };
  }
  if (caps.isolated) return { mode: 'isolated', warnings: [] };
  if (requested === 'isolated') {
    throw new GradingError(`the sandbox cannot isolate here: ${caps.reasons.join('; ')}`, {
      hint: 'run as root on Linux with util-linux (unshare, setpriv, prlimit) and iproute2, or allow mode "auto"',
    });
  }
  return {
    mode: 'degraded',
    warnings: [`sandbox degraded (${caps.reasons.join('; ')}): only the timeout, the output caps and the scrubbed environment apply`],
  };
}

interface Mount {
  source: string;
  target: string;
}

function resolveMounts(options: ResolvedOptions, workDir: string): Mount[] {
  const mounts: Mount[] = [];
  for (const m of options.readOnlyMounts) {
    if (!existsSync(m.source)) {
      throw new UsageError(`sandbox readOnlyMounts: source ${m.source} does not exist`, { hint: 'render the corpus or data folder before running the sandbox' });
    }
    const target = isAbsolute(m.target) ? resolve(m.target) : resolve(workDir, m.target);
    if (!isAbsolute(m.target) && !under(target, workDir)) {
      throw new UsageError(`sandbox readOnlyMounts: target ${m.target} leaves the working copy`, { hint: 'use a relative path inside the submission, or an absolute path' });
    }
    if (target === '/' || target === workDir) {
      throw new UsageError(`sandbox readOnlyMounts: target ${m.target} would cover ${target}`, { hint: 'mount into a sub-folder' });
    }
    mounts.push({ source: safeRealpath(m.source), target });
  }
  return mounts;
}

/** Copy the submission, then start the command isolated or degraded. The caller owns the returned child. */
/** Switches for tests only: run the isolated mode as a machine without writable cgroups would. */
export interface LaunchInternals {
  disableCgroups?: boolean;
}

export async function launch(options: ResolvedOptions, limits: SandboxLimits, stdin: 'pipe' | 'ignore', internals: LaunchInternals = {}, marker?: string): Promise<Launched> {
  const caps = sandboxCapabilities();
  const { mode, warnings } = chooseMode(options.mode, caps);
  if (options.gatewaySocket !== undefined) {
    let isSocket = false;
    try {
      isSocket = lstatSync(options.gatewaySocket).isSocket();
    } catch {
      // reported below
    }
    if (!isSocket) throw new UsageError(`sandbox gatewaySocket: ${options.gatewaySocket} is not a listening Unix socket`, { hint: 'start the gateway before the sandbox' });
  }
  const base = mode === 'isolated' ? '/tmp' : tmpdir();
  const { root, workDir } = await createWorkCopy({ submissionDir: options.submissionDir, base, exclude: options.excludeFromCopy });
  try {
    return mode === 'isolated'
      ? await launchIsolated(options, limits, stdin, internals.disableCgroups ? { ...caps, cgroupMemory: null, cgroupPids: null } : caps, root, workDir, warnings, marker)
      : launchDegraded(options, stdin, root, workDir, warnings);
  } catch (error) {
    await removeRunRoot(root).catch(() => undefined);
    throw error;
  }
}

/** Degraded mode: the command under /bin/sh in its own process group (also how a degraded restart starts the next command). */
export function spawnDegradedCommand(options: ResolvedOptions, command: string, stdin: 'pipe' | 'ignore', workDir: string): ChildProcess {
  const env = buildCandidateEnv({ workDir, extra: options.env });
  // detached: its own process group, so the timeout can kill the tree (unless the candidate leaves the group).
  return spawn('/bin/sh', ['-c', command], { cwd: workDir, env, stdio: [stdin, 'pipe', 'pipe'], detached: true });
}

function launchDegraded(options: ResolvedOptions, stdin: 'pipe' | 'ignore', root: string, workDir: string, warnings: string[]): Launched {
  if (options.gatewaySocket !== undefined) {
    warnings.push('degraded mode: the gateway socket is not forwarded; OPENAI_BASE_URL is whatever env passed');
  }
  const child = spawnDegradedCommand(options, options.command, stdin, workDir);
  return { mode: 'degraded', child, root, workDir, uid: null, cgroups: { memory: null, pids: null }, mechanisms: ['env-allowlist', 'timeout', 'output-cap', 'process-group-kill'], warnings };
}

async function launchIsolated(
  options: ResolvedOptions,
  limits: SandboxLimits,
  stdin: 'pipe' | 'ignore',
  caps: SandboxCapabilities,
  root: string,
  workDir: string,
  warnings: string[],
  marker: string | undefined,
): Promise<Launched> {
  const tools = caps.tools as Required<SandboxCapabilities['tools']>;
  const uid = pickUid();
  await chownTree(workDir, uid, uid);
  const stageDir = join(root, 'stage');
  await mkdir(stageDir);

  const mounts = resolveMounts(options, workDir);
  // A fresh root holding only the runtime, a minimal /etc, /dev and /proc, the private /tmp and the mounts above.
  const rootSpec = allowListRoot({ uid, gid: uid, home: workDir });

  await sweepStaleCgroups().catch(() => undefined);
  const { cgroups, warnings: cgWarnings } = await createRunCgroups({
    memoryParent: caps.cgroupMemory,
    pidsParent: caps.cgroupPids,
    name: `takehome-sbx-${process.pid}-${randomRunId()}`,
    memoryBytes: limits.memoryBytes,
    processes: limits.processes,
  });
  warnings.push(...cgWarnings);
  const mechanisms = [
    'netns',
    'mountns',
    'pidns',
    'private-tmp',
    'allow-list-root',
    `uid:${uid}`,
    'no-new-privs',
    'no-capabilities',
    'env-allowlist',
    'rlimit-fsize',
    'rlimit-nproc',
    'timeout',
    'output-cap',
  ];
  if (cgroups.memory) mechanisms.push('cgroup-memory');
  else {
    // Not RLIMIT_AS: it counts reserved address space, and PGlite's WebAssembly needs more than
    // 28 GiB of it (measured), so any RLIMIT_AS that bounds anything breaks candidate pipelines.
    mechanisms.push('rss-watchdog');
    warnings.push("memory cgroup unavailable: memory is limited by polling the resident size of the sandbox uid's processes, so a fast spike can pass the limit briefly");
  }
  if (cgroups.pids) mechanisms.push('cgroup-pids');
  else warnings.push('pids cgroup unavailable: processes limited by RLIMIT_NPROC only');
  if (options.gatewaySocket !== undefined) mechanisms.push('gateway-forwarder');

  const gatewayUrl = options.gatewaySocket !== undefined ? `http://127.0.0.1:${options.gatewayPort}/v1` : undefined;
  const config = {
    tools: { mount: tools.mount, umount: tools.umount, ip: tools.ip, setpriv: tools.setpriv, prlimit: tools.prlimit, pivotRoot: tools.pivot_root },
    workDir,
    stageDir,
    // The private /tmp is charged to the memory cgroup too; its size cap keeps it from eating the host's RAM otherwise.
    tmpBytes: Math.min(limits.memoryBytes, 1024 ** 3),
    mounts,
    root: rootSpec,
    gatewaySocket: options.gatewaySocket,
    gatewayPort: options.gatewayPort,
    uid,
    gid: uid,
    // RLIMIT_NPROC counts the uid's tasks; with the pids cgroup present it is a backstop set a little above pids.max.
    rlimits: { fsize: limits.fileBytes, nproc: cgroups.pids ? limits.processes + 16 : limits.processes },
    cgroupProcs: [cgroups.memory, cgroups.pids].filter((d): d is string => d !== null).map((d) => join(d, 'cgroup.procs')),
    command: options.command,
    // Restartable runs relay stdin/stdout through init (see init.mjs, step 8).
    ...(options.restartCommand !== undefined && marker !== undefined ? { restartCommand: options.restartCommand, marker } : {}),
    env: buildCandidateEnv({ workDir, extra: options.env, ...(gatewayUrl ? { gatewayUrl } : {}) }),
  };
  const configPath = join(root, 'init.json');
  await writeFile(configPath, JSON.stringify(config), { mode: 0o600 });

  const child = spawn(
    tools.unshare,
    ['--net', '--mount', '--pid', '--fork', '--kill-child', '--mount-proc', '--propagation', 'private', '--', process.execPath, INIT_SCRIPT, configPath],
    // init's own environment: nothing of the harness's.
    // fd 3: init's status reports; fd 4: the lifeline init watches to die with the harness.
    { stdio: [stdin, 'pipe', 'pipe', 'pipe', 'pipe'], env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' }, cwd: '/' },
  );
  return { mode: 'isolated', child, root, workDir, uid, cgroups, mechanisms, warnings };
}

/** Kill the sandboxed tree: the namespace's init (taking the whole PID namespace with it) or the process group. */
export function killLaunched(launched: Launched): void {
  const pid = launched.child.pid;
  if (pid === undefined) return;
  if (launched.mode === 'degraded') {
    killGroup(pid);
    return;
  }
  // unshare's child is the namespace's init; killing it ends every process in the PID namespace.
  try {
    for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)) {
      if (child) process.kill(Number(child), 'SIGKILL');
    }
  } catch {
    // unshare already exited
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone; --kill-child has taken init down with it
  }
}

/** SIGKILL a degraded command's process group. */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // group already gone
  }
}
