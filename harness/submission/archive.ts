import { constants, createReadStream } from 'node:fs';
import { lstat, mkdir, open, symlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type ReadEntry, Unpack } from 'tar';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { InvalidSubmissionError } from '../errors';
import type { CopyLimits } from '../sandbox/workcopy';
import { checkUnpackedTree, isInside, linkProblem } from './tree';

/**
 * Unpack a tar (plain or gzip-compressed) or zip archive a candidate sent,
 * refusing anything that could reach outside the folder it is unpacked into or
 * exhaust the grader: paths that are absolute or hold "..", links that point
 * outside, hard links, devices and FIFOs, and more folder levels, entries or
 * bytes than the sandbox would copy (COPY_LIMITS). A refused archive is an
 * InvalidSubmissionError naming the entry and the rule; nothing of it is kept.
 */

/** Where an archive entry goes, or why it may not go anywhere. */
function entryPath(name: string): { path: string } | { problem: string } {
  const trimmed = name.replace(/^(\.\/)+/, '');
  if (trimmed.startsWith('/') || /^[A-Za-z]:/.test(trimmed)) return { problem: 'has an absolute path' };
  if (trimmed.includes('\\')) return { problem: 'has a backslash in its path' };
  const parts = trimmed.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return { problem: 'has a path with ".." that leaves the archive\'s folder' };
  return { path: parts.join('/') };
}

/** Running totals against the limits, with the archive's name for messages. */
class Budget {
  entries = 0;
  bytes = 0;
  /** Links the archive made so far: no later entry may be written through one. */
  readonly links = new Set<string>();
  constructor(
    readonly archive: string,
    readonly limits: CopyLimits,
  ) {}

  refuse(entry: string, problem: string): InvalidSubmissionError {
    return new InvalidSubmissionError(`the archive ${this.archive} was refused: ${JSON.stringify(entry.slice(0, 200))} ${problem}; nothing of it was graded`, {
      hint: 'send the repository as a plain tar or zip of its folder (with .git), or as a git bundle (git bundle create kit.bundle --all)',
    });
  }

  /** Count one entry of SIZE bytes at PATH; a problem when over a limit. */
  take(path: string, size: number): string | undefined {
    this.entries += 1;
    this.bytes += size;
    if (this.entries > this.limits.entries) return `is past the limit of ${this.limits.entries} files and folders`;
    if (this.bytes > this.limits.bytes) return `brings the archive past the limit of ${this.limits.bytes} bytes unpacked`;
    if (path.split('/').length > this.limits.depth + 1) return `is more than ${this.limits.depth} folders deep`;
    return undefined;
  }
}

/** Unpack a tar or tar.gz archive into DEST (an empty folder). */
export async function extractTar(file: string, dest: string, limits: CopyLimits, archive: string): Promise<void> {
  const budget = new Budget(archive, limits);
  let refused: InvalidSubmissionError | undefined;
  const unpack = new Unpack({
    cwd: dest,
    strict: true,
    preserveOwner: false,
    unlink: true,
    maxDepth: limits.depth + 1,
    filter: (name: string, entry: unknown) => {
      if (refused) return false;
      const problem = tarEntryProblem(name, entry as ReadEntry, dest, budget);
      if (problem === undefined) return true;
      refused = budget.refuse(name, problem);
      unpack.abort(refused);
      return false;
    },
  });
  const input = createReadStream(file);
  try {
    await new Promise<void>((done, fail) => {
      unpack.on('close', () => done());
      unpack.on('error', (error: Error) => fail(error));
      input.on('error', fail);
      input.pipe(unpack as unknown as NodeJS.WritableStream);
    });
  } catch (error) {
    input.destroy();
    if (refused) throw refused;
    throw new InvalidSubmissionError(`the archive ${archive} cannot be unpacked: ${(error as Error).message}`, {
      cause: error,
      hint: 'check that it is a complete tar or tar.gz file (tar -tf FILE lists it)',
    });
  }
  if (refused) throw refused;
  await checkUnpackedTree(dest, { limits, what: `the archive ${archive}` });
}

function tarEntryProblem(name: string, entry: ReadEntry, dest: string, budget: Budget): string | undefined {
  const where = entryPath(name);
  if ('problem' in where) return where.problem;
  const parts = where.path.split('/');
  const through = parts.slice(0, -1).findIndex((_, i) => budget.links.has(parts.slice(0, i + 1).join('/')));
  if (through >= 0) return `would be written through the symbolic link ${parts.slice(0, through + 1).join('/')}`;
  switch (entry.type) {
    case 'File':
    case 'OldFile':
    case 'ContiguousFile':
    case 'Directory':
      return budget.take(where.path, entry.type === 'Directory' ? 0 : entry.size);
    case 'SymbolicLink': {
      const target = entry.linkpath ?? '';
      if (target.startsWith('/')) return `is a symbolic link to the absolute path ${JSON.stringify(target.slice(0, 200))}`;
      if (!isInside(dest, resolve(dest, dirname(where.path), target))) return `is a symbolic link that leaves the archive's folder (${JSON.stringify(target.slice(0, 200))})`;
      budget.links.add(where.path);
      return budget.take(where.path, 0);
    }
    case 'Link':
      return 'is a hard link (not accepted: send the file itself)';
    case 'CharacterDevice':
    case 'BlockDevice':
      return 'is a device file';
    case 'FIFO':
      return 'is a FIFO';
    default:
      return `is an entry of type ${entry.type}, which a submission does not need`;
  }
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
/** Longest link target read from a zip entry. */
const MAX_LINK_TARGET = 4096;

function openZip(file: string): Promise<ZipFile> {
  return new Promise((done, fail) =>
    yauzl.open(file, { lazyEntries: true, autoClose: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: true }, (error, zip) => (error ? fail(error) : done(zip))),
  );
}

/** Refuse to write through a link made by an earlier entry: each folder on the way must be a real folder. */
async function assertNoLinkOnTheWay(dest: string, path: string): Promise<string | undefined> {
  let cursor = dest;
  for (const part of path.split('/').slice(0, -1)) {
    cursor = join(cursor, part);
    const st = await lstat(cursor).catch(() => undefined);
    if (!st) return undefined;
    if (st.isSymbolicLink()) return `would be written through the symbolic link ${cursor.slice(dest.length + 1)}`;
    if (!st.isDirectory()) return `would be written inside the file ${cursor.slice(dest.length + 1)}`;
  }
  return undefined;
}

/** Unpack a zip archive into DEST (an empty folder). */
export async function extractZip(file: string, dest: string, limits: CopyLimits, archive: string): Promise<void> {
  const budget = new Budget(archive, limits);
  let zip: ZipFile;
  try {
    zip = await openZip(file);
  } catch (error) {
    throw new InvalidSubmissionError(`the archive ${archive} cannot be read as a zip file: ${(error as Error).message}`, {
      cause: error,
      hint: 'check that it is a complete zip file (unzip -l FILE lists it)',
    });
  }
  if (zip.entryCount > limits.entries) {
    zip.close();
    throw budget.refuse(`(${zip.entryCount} entries)`, `is past the limit of ${limits.entries} files and folders`);
  }
  try {
    await new Promise<void>((done, fail) => {
      zip.on('error', (error: Error) => {
        const name = /^(?:absolute path|invalid relative path|invalid characters in fileName): (.*)$/.exec(error.message);
        fail(name ? budget.refuse(name[1] ?? '', "has a path that leaves the archive's folder (or is not a plain relative path)") : error);
      });
      zip.on('end', () => done());
      zip.on('entry', (entry: Entry) => {
        writeZipEntry(zip, entry, dest, budget).then(
          () => zip.readEntry(),
          (error: unknown) => {
            zip.close();
            fail(error);
          },
        );
      });
      zip.readEntry();
    });
  } catch (error) {
    if (error instanceof InvalidSubmissionError) throw error;
    throw new InvalidSubmissionError(`the archive ${archive} cannot be unpacked: ${(error as Error).message}`, { cause: error, hint: 'check that it is a complete zip file (unzip -l FILE lists it)' });
  }
  await checkUnpackedTree(dest, { limits, what: `the archive ${archive}` });
}

async function writeZipEntry(zip: ZipFile, entry: Entry, dest: string, budget: Budget): Promise<void> {
  const where = entryPath(entry.fileName);
  if ('problem' in where) throw budget.refuse(entry.fileName, where.problem);
  if (where.path === '') return;
  const mode = (entry.externalFileAttributes >>> 16) & 0xffff;
  const type = mode & S_IFMT;
  const isDir = entry.fileName.endsWith('/') || type === S_IFDIR;
  if (type !== 0 && type !== S_IFLNK && type !== S_IFDIR && type !== S_IFREG) throw budget.refuse(entry.fileName, 'is a device file, FIFO or socket');
  const over = budget.take(where.path, isDir ? 0 : entry.uncompressedSize);
  if (over) throw budget.refuse(entry.fileName, over);
  const through = await assertNoLinkOnTheWay(dest, where.path);
  if (through) throw budget.refuse(entry.fileName, through);
  const target = join(dest, ...where.path.split('/'));
  if (isDir) {
    await mkdir(target, { recursive: true, mode: 0o755 });
    return;
  }
  await mkdir(dirname(target), { recursive: true, mode: 0o755 });
  const stream = await zip.openReadStreamPromise(entry);
  if (type === S_IFLNK) {
    if (entry.uncompressedSize > MAX_LINK_TARGET) throw budget.refuse(entry.fileName, `is a symbolic link with a target over ${MAX_LINK_TARGET} bytes`);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const linkTarget = Buffer.concat(chunks).toString('utf8');
    const problem = await linkProblem(dest, target, linkTarget);
    if (problem) throw budget.refuse(entry.fileName, problem);
    await symlink(linkTarget, target);
    return;
  }
  // O_EXCL: an entry named twice is refused rather than overwriting (or following) what the first made.
  const handle = await open(target, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode & 0o111 ? 0o755 : 0o644).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EEXIST' ? budget.refuse(entry.fileName, 'appears twice in the archive') : error;
  });
  try {
    await pipeline(stream, handle.createWriteStream());
  } finally {
    await handle.close().catch(() => undefined);
  }
}
