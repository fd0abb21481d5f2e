import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, cp, lchown, lstat, mkdir, mkdtemp, open, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { InvalidSubmissionError } from '../errors';

export const OWNER_FILE = 'owner.json';

export interface RunRoot {
  /** Private folder of one run (mode 0700, root): holds work/ and the sandbox's staging files. */
  root: string;
  /** The candidate's working copy. */
  workDir: string;
}

/**
 * Copy the submission into a fresh run folder. Symlinks are copied as links,
 * never followed: following one as root would copy host files (say /etc/shadow)
 * into the candidate's reach. Sockets, fifos and devices are skipped.
 */
export async function createWorkCopy(input: { submissionDir: string; base: string; exclude: string[] }): Promise<RunRoot> {
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
  await mkdir(input.base, { recursive: true });
  const root = await mkdtemp(join(input.base, 'takehome-sbx-'));
  await chmod(root, 0o700);
  // Who made this run, so sweepStaleSandboxes can tell a run whose harness died from a live one.
  await writeFile(join(root, OWNER_FILE), JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
  const workDir = join(root, 'work');
  const excluded = new Set(input.exclude);
  await cp(source, workDir, {
    recursive: true,
    dereference: false,
    verbatimSymlinks: true,
    errorOnExist: true,
    filter: async (src) => {
      if (src === source) return true;
      const rel = relative(source, src);
      if (excluded.has(rel.split(sep)[0] ?? '')) return false;
      const st = await lstat(src);
      return st.isDirectory() || st.isFile() || st.isSymbolicLink();
    },
  });
  return { root, workDir };
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

export async function removeRunRoot(root: string): Promise<void> {
  // Refuse anything that is not one of ours: a bug here must not become `rm -rf /`.
  if (!basename(root).startsWith('takehome-sbx-')) throw new Error(`refusing to remove ${root}: not a sandbox run folder`);
  await rm(root, { recursive: true, force: true, maxRetries: 3 });
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
  const handle = await open(full, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new InvalidSubmissionError(`${relPath} is not a regular file`, { hint: 'the submission must write a regular file' });
    if (st.size > maxBytes) {
      throw new InvalidSubmissionError(`${relPath} is ${st.size} bytes, over the ${maxBytes}-byte cap`, { hint: 'write a smaller file' });
    }
    return await handle.readFile();
  } finally {
    await handle.close();
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
