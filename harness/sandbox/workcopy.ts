import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants, existsSync, readFileSync } from 'node:fs';
import { chmod, copyFile, lchown, lstat, mkdir, mkdtemp, readdir, readlink, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve, sep } from 'node:path';
import { InvalidSubmissionError } from '../errors';
import { readRegularFile, UnsafeFileError } from '../fs';

export const OWNER_FILE = 'owner.json';

/** What copying a submission may take: beyond any of these the copy stops with a clear problem. */
export const COPY_LIMITS = {
  /** Folder levels below the submission's root. */
  depth: 40,
  /** Files, folders and links. */
  entries: 50_000,
  bytes: 1024 * 1024 * 1024,
} as const;
export type CopyLimits = { depth: number; entries: number; bytes: number };

/** Scratch and run folders the harness makes in a temp dir: takehome-<kind>-XXXXXX (intake: an unpacked submission), swept once their maker is dead. */
export const SCRATCH_NAME = /^takehome-(sbx|rag|ml|intake)-[A-Za-z0-9]{6}$/;

export interface RunRoot {
  /** Private folder of one run (mode 0700, root): holds work/ and the sandbox's staging files. */
  root: string;
  /** The candidate's working copy. */
  workDir: string;
}

/** This process's start time in clock ticks since boot (/proc/self/stat field 22), so a reused pid is not taken for its maker. */
export function processStartTime(pid: number | 'self' = 'self'): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * A fresh private folder `takehome-<kind>-XXXXXX` in BASE (default the temp
 * dir), mode 0700, with an owner file naming this process, so that
 * sweepStaleSandboxes removes it if this process dies before removing it.
 */
export async function makeScratchDir(kind: 'sbx' | 'rag' | 'ml' | 'intake', base: string = tmpdir()): Promise<string> {
  await mkdir(base, { recursive: true });
  const dir = await mkdtemp(join(base, `takehome-${kind}-`));
  await chmod(dir, 0o700);
  await writeFile(join(dir, OWNER_FILE), JSON.stringify({ pid: process.pid, startTime: processStartTime(), startedAt: new Date().toISOString() }), { mode: 0o600 });
  return dir;
}

/**
 * Copy the submission into a fresh run folder. Symlinks are copied as links,
 * never followed: following one as root would copy host files (say /etc/shadow)
 * into the candidate's reach. Sockets, fifos and devices are skipped. The copy
 * is bounded in depth, entries and bytes (COPY_LIMITS): past any of them it
 * stops with an InvalidSubmissionError naming the limit.
 */
export async function createWorkCopy(input: { submissionDir: string; base: string; exclude: string[]; limits?: CopyLimits }): Promise<RunRoot> {
  let source: string;
  try {
    source = await realpath(input.submissionDir);
    if (!(await lstat(source)).isDirectory()) throw new Error('not a directory');
  } catch (error) {
    throw new InvalidSubmissionError(`submission folder ${input.submissionDir} cannot be read: ${(error as Error).message}`, {
      cause: error,
      hint: "pass the folder that holds the candidate's takehome.json",
    });
  }
  const root = await makeScratchDir('sbx', input.base);
  const workDir = join(root, 'work');
  try {
    await mkdir(workDir);
    await copyTree(source, workDir, { limits: input.limits ?? COPY_LIMITS, exclude: new Set(input.exclude), entries: 0, bytes: 0 }, 0, source);
  } catch (error) {
    await removeRunRoot(root).catch(() => undefined);
    throw error;
  }
  return { root, workDir };
}

interface CopyState {
  limits: CopyLimits;
  exclude: Set<string>;
  entries: number;
  bytes: number;
}

async function copyTree(from: string, to: string, state: CopyState, depth: number, source: string): Promise<void> {
  const over = (what: string) =>
    new InvalidSubmissionError(`the submission is too big to copy: ${what}`, {
      hint: `limits: ${state.limits.depth} folder levels, ${state.limits.entries} files and folders, ${state.limits.bytes} bytes (node_modules, .git and .index are not copied); remove generated or vendored data`,
    });
  let entries;
  try {
    entries = await readdir(from, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENAMETOOLONG') throw over(`a path under ${relative(source, from).slice(0, 200)}... is longer than the system allows`);
    throw error;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (depth === 0 && state.exclude.has(entry.name)) continue;
    const src = join(from, entry.name);
    const dst = join(to, entry.name);
    const st = await lstat(src);
    if (!st.isDirectory() && !st.isFile() && !st.isSymbolicLink()) continue; // sockets, fifos, devices
    state.entries += 1;
    if (state.entries > state.limits.entries) throw over(`more than ${state.limits.entries} files and folders`);
    if (st.isDirectory()) {
      if (depth + 1 > state.limits.depth) throw over(`${relative(source, src).split(sep).slice(0, 3).join('/')}/... is more than ${state.limits.depth} folders deep`);
      await mkdir(dst, { mode: 0o755 });
      await copyTree(src, dst, state, depth + 1, source);
    } else if (st.isSymbolicLink()) {
      await symlink(await readlink(src), dst);
    } else {
      state.bytes += st.size;
      if (state.bytes > state.limits.bytes) throw over(`more than ${state.limits.bytes} bytes`);
      await copyFile(src, dst, constants.COPYFILE_EXCL);
      await chmod(dst, st.mode & 0o777);
    }
  }
}

/** Give the working copy to the sandbox uid (links themselves, not their targets). */
export async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  await lchown(dir, uid, gid);
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(path, uid, gid);
    else await lchown(path, uid, gid);
  }
}

function findTool(name: string): string | undefined {
  return ['/usr/bin', '/bin'].map((d) => join(d, name)).find((p) => existsSync(p));
}

/**
 * Remove a folder whatever the candidate left in it: trees deeper than
 * PATH_MAX, folders it made unreadable. GNU rm walks with openat (fts), so
 * depth is no limit; `--one-file-system` never crosses into a mount. Node's
 * rm is the fallback where there is no rm binary.
 */
export async function removeTree(dir: string): Promise<void> {
  const rmTool = findTool('rm');
  if (!rmTool) {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    return;
  }
  const run = (tool: string, args: string[]) =>
    new Promise<void>((resolve, reject) =>
      execFile(tool, args, { env: { PATH: '/usr/bin:/bin', LC_ALL: 'C' } }, (error, _stdout, stderr) =>
        error ? reject(new Error(`${tool} ${args.join(' ')}: ${stderr.trim() || error.message}`)) : resolve(),
      ),
    );
  try {
    await run(rmTool, ['-rf', '--one-file-system', '--', dir]);
  } catch (error) {
    // Not root (degraded mode): folders the candidate made unwritable need their permission back first.
    const chmodTool = findTool('chmod');
    if (!chmodTool || !existsSync(dir)) throw error;
    await run(chmodTool, ['-R', 'u+rwx', '--', dir]).catch(() => undefined);
    await run(rmTool, ['-rf', '--one-file-system', '--', dir]);
  }
}

export async function removeRunRoot(root: string): Promise<void> {
  // Refuse anything that is not one of ours: a bug here must not become `rm -rf /`.
  if (!SCRATCH_NAME.test(basename(root))) throw new Error(`refusing to remove ${root}: not a takehome scratch folder`);
  await removeTree(root);
}

/**
 * Read a file the candidate wrote, refusing links and paths that leave the
 * working copy: a candidate could leave `predictions.csv -> /root/.secret` for
 * the grader (running as root) to read.
 */
export async function readWorkFile(workDir: string, relPath: string, maxBytes = 64 * 1024 * 1024): Promise<Buffer> {
  const full = resolve(workDir, relPath);
  if (full !== workDir && !full.startsWith(workDir + sep)) {
    throw new InvalidSubmissionError(`${relPath} is outside the working copy`, { hint: 'read only files inside the submission' });
  }
  // Walk each component with lstat so no link anywhere on the path is followed.
  let cursor = workDir;
  for (const part of relative(workDir, full).split(sep)) {
    cursor = join(cursor, part);
    const st = await lstat(cursor);
    if (st.isSymbolicLink()) {
      throw new InvalidSubmissionError(`${relPath} in the working copy is a symbolic link`, { hint: 'the submission must write a regular file' });
    }
  }
  try {
    return await readRegularFile(full, maxBytes);
  } catch (error) {
    if (!(error instanceof UnsafeFileError)) throw error;
    if (error.reason === 'missing') throw Object.assign(new Error(`${relPath} does not exist`), { code: 'ENOENT' });
    const what = error.reason === 'too-big' ? error.message.slice(full.length + 1) : `${error.message.slice(full.length + 1)}, not a regular file`;
    throw new InvalidSubmissionError(`${relPath} ${what}`, { hint: error.reason === 'too-big' ? 'write a smaller file' : 'the submission must write a regular file' });
  }
}

/** Files in the working copy at least `bytes` long: the trace RLIMIT_FSIZE leaves when it stops a write. */
export async function filesAtLeast(dir: string, bytes: number, limit = 5): Promise<string[]> {
  const found: string[] = [];
  async function walk(current: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (found.length >= limit) return;
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) {
        const st = await lstat(path).catch(() => undefined);
        if (st && st.size >= bytes) found.push(relative(dir, path));
      }
    }
  }
  await walk(dir);
  return found;
}

export function randomRunId(): string {
  return randomBytes(6).toString('hex');
}
