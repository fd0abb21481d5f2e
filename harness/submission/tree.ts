import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readdir, readlink, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InvalidSubmissionError } from '../errors';
import { COPY_LIMITS, type CopyLimits } from '../sandbox/workcopy';

/**
 * Walks over a submission's tree, never following a link: the bounded check
 * an unpacked archive or a checked-out bundle must pass, and the content hash
 * a scorecard records of what was graded.
 */

interface Entry {
  /** Relative POSIX path. */
  path: string;
  full: string;
  kind: 'file' | 'dir' | 'link' | 'special';
  size: number;
}

/** What the content hash leaves out: git's own data and installed packages (neither is copied into the sandbox). */
export const CONTENT_HASH_EXCLUDE = ['.git', 'node_modules'] as const;

function tooBig(what: string, limits: CopyLimits): InvalidSubmissionError {
  return new InvalidSubmissionError(`the submission is too big: ${what}`, {
    hint: `limits: ${limits.depth} folder levels, ${limits.entries} files and folders, ${limits.bytes} bytes; send the repository without generated data or node_modules`,
  });
}

/** Every entry below ROOT (top-level names in EXCLUDE left out), depth first, bounded by LIMITS. */
async function* walk(root: string, exclude: ReadonlySet<string>, limits: CopyLimits): AsyncGenerator<Entry> {
  let entries = 0;
  let bytes = 0;
  async function* below(dir: string, depth: number): AsyncGenerator<Entry> {
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      if (depth === 0 && exclude.has(name)) continue;
      const full = join(dir, name);
      const path = relative(root, full).split(sep).join('/');
      const st = await lstat(full);
      entries += 1;
      if (entries > limits.entries) throw tooBig(`more than ${limits.entries} files and folders`, limits);
      if (st.isDirectory()) {
        if (depth + 1 > limits.depth) throw tooBig(`${path.split('/').slice(0, 3).join('/')}/... is more than ${limits.depth} folders deep`, limits);
        yield { path, full, kind: 'dir', size: 0 };
        yield* below(full, depth + 1);
      } else if (st.isSymbolicLink()) {
        yield { path, full, kind: 'link', size: 0 };
      } else if (st.isFile()) {
        bytes += st.size;
        if (bytes > limits.bytes) throw tooBig(`more than ${limits.bytes} bytes`, limits);
        yield { path, full, kind: 'file', size: st.size };
      } else {
        yield { path, full, kind: 'special', size: 0 };
      }
    }
  }
  yield* below(root, 0);
}

/** Whether TARGET, a path, lies inside ROOT (or is ROOT). */
export function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Where a link points, or a problem: an absolute target, or one that leaves
 * ROOT (lexically, and once every link on the way is resolved) is refused.
 */
export async function linkProblem(root: string, link: string, target: string): Promise<string | undefined> {
  if (isAbsolute(target)) return `is a symbolic link to the absolute path ${JSON.stringify(target.slice(0, 200))}`;
  if (!isInside(root, resolve(dirname(link), target))) return `is a symbolic link that leaves the submission (${JSON.stringify(target.slice(0, 200))})`;
  try {
    const real = await realpath(link);
    if (!isInside(await realpath(root), real)) return `is a symbolic link that leads out of the submission through other links (${JSON.stringify(target.slice(0, 200))})`;
  } catch {
    // Dangling (or a loop): it points nowhere, and lexically it stays inside.
  }
  return undefined;
}

/**
 * Check an unpacked submission (an extracted archive, a checked-out bundle)
 * before anything reads it: within LIMITS (the sandbox copy's, by default), no
 * device, FIFO or socket, no symbolic link pointing outside it. SKIP names
 * top-level entries the harness made itself (a bundle's fresh .git).
 */
export async function checkUnpackedTree(root: string, options: { limits?: CopyLimits; skip?: readonly string[]; what: string }): Promise<void> {
  const limits = options.limits ?? COPY_LIMITS;
  for await (const entry of walk(root, new Set(options.skip ?? []), limits)) {
    if (entry.kind === 'special') {
      throw new InvalidSubmissionError(`${options.what}: ${entry.path} is a device, FIFO or socket`, {
        hint: 'a submission holds only files, folders and links inside it; send it without that entry',
      });
    }
    if (entry.kind === 'link') {
      const problem = await linkProblem(root, entry.full, await readlink(entry.full));
      if (problem) throw new InvalidSubmissionError(`${options.what}: ${entry.path} ${problem}`, { hint: 'links must stay inside the submission; replace the link with the file it points to' });
    }
  }
}

export interface ContentHash {
  /** "sha256:" and the hex digest. */
  sha256: string;
  /** Files (and links) hashed. */
  files: number;
  bytes: number;
}

/**
 * The content hash of what is graded: SHA-256 over every file and link below
 * DIR except the top-level .git and node_modules, sorted by relative POSIX
 * path; each contributes `file\0PATH\0SIZE\0` and its bytes, or
 * `link\0PATH\0TARGET\0`. Folders count only through what they hold, and
 * devices or FIFOs (never copied into the sandbox) not at all. The same files
 * give the same hash whether they came as a folder, a bundle or an archive.
 */
export async function hashSubmissionContent(dir: string, limits: CopyLimits = COPY_LIMITS): Promise<ContentHash> {
  const entries: Entry[] = [];
  for await (const entry of walk(dir, new Set(CONTENT_HASH_EXCLUDE), limits)) if (entry.kind === 'file' || entry.kind === 'link') entries.push(entry);
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const hash = createHash('sha256');
  let bytes = 0;
  const buffer = Buffer.alloc(1024 * 1024);
  for (const entry of entries) {
    if (entry.kind === 'link') {
      hash.update(`link\0${entry.path}\0${await readlink(entry.full)}\0`);
      continue;
    }
    const handle = await open(entry.full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      hash.update(`file\0${entry.path}\0${entry.size}\0`);
      // Exactly the size seen by the walk, so a file growing meanwhile cannot change the framing.
      for (let done = 0; done < entry.size; ) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, entry.size - done), done);
        if (bytesRead === 0) throw new InvalidSubmissionError(`${entry.path} shrank while it was read`, { hint: 'grade a submission nothing else is writing to' });
        hash.update(buffer.subarray(0, bytesRead));
        done += bytesRead;
      }
    } finally {
      await handle.close();
    }
    bytes += entry.size;
  }
  return { sha256: `sha256:${hash.digest('hex')}`, files: entries.length, bytes };
}
