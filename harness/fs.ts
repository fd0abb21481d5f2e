import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** $XDG_CACHE_HOME/takehome/NAME (~/.cache/takehome/NAME): where the harness keeps its caches. */
export function takehomeCacheDir(name: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'takehome', name);
}

/** Mode of everything the harness writes for the interviewer (keys, scorecards, reports, traces, caches): owner only. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Make DIR (and missing parents) with mode 0700, and set DIR itself to 0700
 * even if it existed: call it only on a folder the harness owns (an output
 * folder, a key folder, a cache), never on one a user shares (their home).
 */
export async function makePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmod(dir, PRIVATE_DIR_MODE);
}

/**
 * Write a file atomically: a temp file in the same folder, fsync, then rename.
 * A reader sees the old file or the new one, never half of one, and a crash
 * mid-write leaves the old file untouched. The file is 0600 (0644 with
 * `public`), and folders made on the way are 0700 (0755): what the harness writes
 * (keys, scorecards, reports, caches) is for the interviewer only.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: { public?: boolean } = {}): Promise<void> {
  const dir = dirname(path);
  // Public: material the candidate reads in the sandbox (the corpus, the data), 0644 in 0755 folders.
  await mkdir(dir, { recursive: true, mode: options.public ? 0o755 : PRIVATE_DIR_MODE });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = options.public ? 0o644 : PRIVATE_FILE_MODE;
  const handle = await open(tmp, 'wx', mode);
  try {
    // The umask can only take bits away; chmod makes the mode exact.
    await handle.chmod(mode);
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Why a file could not be read as a regular file: the caller turns it into its own error. */
export class UnsafeFileError extends Error {
  constructor(
    message: string,
    readonly reason: 'missing' | 'symlink' | 'not-regular' | 'too-big',
  ) {
    super(message);
  }
}

function fileKind(st: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isDirectory(): boolean }): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/**
 * Read a file someone else controls (a submission's takehome.json,
 * predictions.csv, report.json): a regular file only, opened without following
 * a symbolic link (O_NOFOLLOW) and without blocking (O_NONBLOCK: a FIFO would
 * otherwise wait forever for a writer), at most `maxBytes` read even if it
 * grows meanwhile. Throws UnsafeFileError saying what the path is instead.
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UnsafeFileError(`${path} does not exist`, 'missing');
    if (code === 'ELOOP' || code === 'EMLINK') throw new UnsafeFileError(`${path} is a symbolic link`, 'symlink');
    if (code === 'ENXIO') throw new UnsafeFileError(`${path} is a socket`, 'not-regular');
    throw error;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new UnsafeFileError(`${path} is ${fileKind(st)}`, 'not-regular');
    if (st.size > maxBytes) throw new UnsafeFileError(`${path} is ${st.size} bytes, over the ${maxBytes}-byte cap`, 'too-big');
    const buffer = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      // One byte past its size: something is writing it while we read.
      if (filled === buffer.length) throw new UnsafeFileError(`${path} grew while it was read`, 'too-big');
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
