import { execFile } from 'node:child_process';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { InvalidSubmissionError } from '../errors';
import type { CopyLimits } from '../sandbox/workcopy';

const exec = promisify(execFile);

/**
 * git on a candidate's repository without trusting it. A `.git` folder that
 * came from a candidate may carry config and hooks that run commands (core.
 * fsmonitor, filters, hooks), so git never runs inside it: its history is
 * cloned with `git clone --no-local` (upload-pack serves it and ignores that
 * config, as git's own documentation advises for an untrusted .git), and every
 * command runs with no system or user config, no hooks, no fsmonitor, only
 * the file protocol, and object checks on transfer.
 */
const SAFE_CONFIG = [
  'core.hooksPath=/dev/null',
  'core.fsmonitor=false',
  'protocol.allow=never',
  'protocol.file.allow=always',
  'transfer.fsckObjects=true',
  // The candidate's repository is owned by whoever unpacked it; --no-local is the safe way to read one anyway.
  'safe.directory=*',
].flatMap((c) => ['-c', c]);

/** A safety net against a wedged git, far above any honest run. */
const GIT_TIMEOUT_MS = 10 * 60 * 1000;

export async function git(args: readonly string[], options: { cwd?: string } = {}): Promise<string> {
  const { stdout } = await exec('git', [...SAFE_CONFIG, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: GIT_TIMEOUT_MS,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: '/nonexistent',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
      GIT_NO_REPLACE_OBJECTS: '1',
      GIT_OPTIONAL_LOCKS: '0',
      LC_ALL: 'C',
    },
  });
  return stdout;
}

/** The commit HEAD names in the (trusted, harness-made) repository at DIR; else the one commit all its branches agree on; else null. */
export async function resolveHead(dir: string): Promise<{ commit: string | null; refs: string[] }> {
  const head = await git(['rev-parse', '--verify', '-q', 'HEAD^{commit}'], { cwd: dir }).catch(() => '');
  if (head.trim()) return { commit: head.trim(), refs: [] };
  const lines = (await git(['for-each-ref', '--format=%(objectname) %(refname:short)', 'refs/heads', 'refs/remotes', 'refs/tags'], { cwd: dir })).split('\n').filter(Boolean);
  const commits = new Set(lines.map((l) => l.split(' ')[0]));
  const only = [...commits][0];
  return { commit: commits.size === 1 && only ? only : null, refs: lines.map((l) => l.split(' ').slice(1).join(' ')) };
}

/**
 * The history of a folder's `.git` (a folder submission, an unpacked archive),
 * read through a clean clone into INTO: HEAD's commit, and whether the folder's
 * files differ from it (uncommitted changes or untracked files). Null when
 * there is no history to read (no .git, a .git file or link, no commit).
 */
export async function readFolderHistory(dir: string, into: string): Promise<{ commit: string | null; dirty: boolean | null; note?: string }> {
  const dotGit = await lstat(join(dir, '.git')).catch(() => undefined);
  if (!dotGit) return { commit: null, dirty: null };
  if (!dotGit.isDirectory()) return { commit: null, dirty: null, note: '.git is not a folder (a link or a worktree pointer): its history was not read' };
  try {
    await git(['clone', '--no-local', '--no-checkout', '--quiet', '--', dir, into]);
  } catch (error) {
    return { commit: null, dirty: null, note: `its .git could not be cloned: ${firstLine(error)}` };
  }
  const { commit } = await resolveHead(into);
  if (!commit) return { commit: null, dirty: null, note: 'its .git holds no commit HEAD names' };
  // The clean clone's index against the submission's files: git status with our config, never the candidate's.
  const gitDir = join(into, '.git');
  await git([`--git-dir=${gitDir}`, `--work-tree=${dir}`, 'read-tree', commit]);
  const status = await git([`--git-dir=${gitDir}`, `--work-tree=${dir}`, 'status', '--porcelain', '--untracked-files=normal']);
  return { commit, dirty: status.trim() !== '' };
}

/**
 * Clone a git bundle into INTO and check out its HEAD (or its only branch),
 * after checking from the tree listing, before a byte is written, that the
 * checkout stays within LIMITS.
 */
export async function checkoutBundle(file: string, into: string, limits: CopyLimits, what: string): Promise<string> {
  try {
    await git(['clone', '--no-checkout', '--quiet', '--', file, into]);
  } catch (error) {
    throw new InvalidSubmissionError(`${what} cannot be cloned: ${firstLine(error)}`, {
      cause: error,
      hint: 'make the bundle again with: git bundle create kit.bundle --all (git bundle verify kit.bundle checks it)',
    });
  }
  const { commit, refs } = await resolveHead(into);
  if (!commit) {
    throw new InvalidSubmissionError(`${what} names no HEAD and ${refs.length ? `several branches (${refs.slice(0, 5).join(', ')})` : 'no branch'}: which commit to grade is not clear`, {
      hint: 'make the bundle with HEAD in it: git bundle create kit.bundle --all',
    });
  }
  const listing = await git(['ls-tree', '-r', '-l', '-z', '--full-tree', commit], { cwd: into });
  let entries = 0;
  let bytes = 0;
  for (const line of listing.split('\0').filter(Boolean)) {
    const [meta = '', path = ''] = line.split('\t');
    const size = Number(meta.trim().split(/\s+/)[3]);
    entries += 1;
    bytes += Number.isFinite(size) ? size : 0;
    const problem =
      entries > limits.entries
        ? `more than ${limits.entries} files`
        : bytes > limits.bytes
          ? `more than ${limits.bytes} bytes`
          : path.split('/').length > limits.depth + 1
            ? `${path.split('/').slice(0, 3).join('/')}/... is more than ${limits.depth} folders deep`
            : undefined;
    if (problem) {
      throw new InvalidSubmissionError(`${what} is too big to check out: ${problem}; nothing of it was graded`, {
        hint: `limits: ${limits.depth} folder levels, ${limits.entries} files and folders, ${limits.bytes} bytes; commit no generated data or node_modules`,
      });
    }
  }
  await git(['checkout', '-q', '-f', '--detach', commit], { cwd: into });
  return commit;
}

function firstLine(error: unknown): string {
  const e = error as { stderr?: string; message?: string };
  return (e.stderr?.trim() || e.message || String(error)).split('\n')[0]?.slice(0, 300) ?? '';
}
