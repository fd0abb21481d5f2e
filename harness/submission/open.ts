import { mkdir, open, readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { InvalidSubmissionError, UsageError } from '../errors';
import { COPY_LIMITS, type CopyLimits, makeScratchDir, removeRunRoot } from '../sandbox/workcopy';
import { checkUnpackedTree, hashSubmissionContent } from './tree';

/**
 * A submission as it arrives: a folder, a git bundle, or a tar / tar.gz / zip
 * archive of the repository (with its .git). `openSubmission` turns each into
 * a folder to grade (unpacking into a private scratch folder, within the
 * sandbox's copy limits); `describeSubmission` says what was graded: the
 * commit, whether the files differ from it, and the content hash.
 */
export type SubmissionKind = 'folder' | 'git-bundle' | 'tar' | 'zip';

const KIND_NAMES: Record<SubmissionKind, string> = { folder: 'folder', 'git-bundle': 'git bundle', tar: 'tar archive', zip: 'zip archive' };

export interface OpenedSubmission {
  kind: SubmissionKind;
  /** What was given, as given. */
  source: string;
  /** The folder to grade: the submission itself, or where it was unpacked. */
  dir: string;
  /** A bundle's checked-out commit (known once it is opened). */
  commit?: string;
  /** Remove what unpacking made; nothing for a folder. */
  cleanup(): Promise<void>;
}

/** What a scorecard records of the graded submission (provenance.submission). */
export interface SubmissionProvenance {
  kind: SubmissionKind;
  /** The commit graded: HEAD of the folder's or archive's .git, the bundle's HEAD; null without a history. */
  commit: string | null;
  /** True when the graded files differ from that commit (uncommitted changes, untracked files); null without a commit. */
  dirty: boolean | null;
  /** SHA-256 over the graded files' paths and bytes (harness/submission/tree.ts says how); the same files give the same hash in any form. */
  contentHash: string;
  files: number;
  bytes: number;
  /** Why the history was not read, when it was not. */
  note?: string;
}

/** Recognise a file submission by its first bytes (the name is the sender's to choose). */
async function sniff(path: string): Promise<SubmissionKind | undefined> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    const text = bytes.toString('latin1');
    if (/^# v[23] git bundle\n/.test(text)) return 'git-bundle';
    if (text.startsWith('PK\x03\x04') || text.startsWith('PK\x05\x06')) return 'zip';
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'tar';
    if (bytesRead >= 262 && text.slice(257, 262) === 'ustar') return 'tar';
    return undefined;
  } finally {
    await handle.close();
  }
}

/**
 * Open what a candidate sent. A folder is graded where it is; a bundle is
 * cloned and checked out, an archive unpacked, each into a scratch folder that
 * `cleanup()` removes (and the sandbox sweep removes if the harness dies).
 * Hostile content is refused with an InvalidSubmissionError (exit 1).
 */
export async function openSubmission(path: string, options: { limits?: CopyLimits; log?: ((line: string) => void) | undefined } = {}): Promise<OpenedSubmission> {
  const limits = options.limits ?? COPY_LIMITS;
  const st = await stat(path).catch((cause: NodeJS.ErrnoException) => {
    throw new UsageError(`the submission ${path} ${cause.code === 'ENOENT' ? 'does not exist' : `cannot be read: ${cause.message}`}`, {
      cause,
      hint: "pass the candidate's repository: a folder, a git bundle, or a tar/zip archive of it",
    });
  });
  if (st.isDirectory()) return { kind: 'folder', source: path, dir: resolve(path), cleanup: async () => undefined };
  if (!st.isFile()) throw new UsageError(`the submission ${path} is neither a folder nor a file`, { hint: 'pass a folder, a git bundle, or a tar/zip archive' });
  const kind = await sniff(path);
  if (!kind) {
    throw new UsageError(`the submission ${path} is not a folder, a git bundle, a tar (or tar.gz) or a zip archive`, {
      hint: 'ask for the repository as a bundle (git bundle create kit.bundle --all) or an archive of its folder with .git',
    });
  }
  const what = `the ${KIND_NAMES[kind]} ${basename(path)}`;
  options.log?.(`unpacking ${what} ...`);
  if (st.size > limits.bytes) {
    throw new InvalidSubmissionError(`${what} is ${st.size} bytes, past the limit of ${limits.bytes} bytes; nothing of it was graded`, {
      hint: 'ask for the repository without generated data or node_modules',
    });
  }
  const scratch = await makeScratchDir('intake');
  const cleanup = () => removeRunRoot(scratch);
  try {
    const dir = join(scratch, 'tree');
    if (kind === 'git-bundle') {
      const { checkoutBundle } = await import('./git');
      const commit = await checkoutBundle(resolve(path), dir, limits, what);
      await checkUnpackedTree(dir, { limits, skip: ['.git'], what });
      return { kind, source: path, dir, commit, cleanup };
    }
    await mkdir(dir, { mode: 0o700 });
    // The archive libraries load only for an archive: a folder's first line does not wait for them.
    const { extractTar, extractZip } = await import('./archive');
    if (kind === 'zip') await extractZip(resolve(path), dir, limits, basename(path));
    else await extractTar(resolve(path), dir, limits, basename(path));
    // `tar czf kit.tar.gz kit/` puts the repository one folder down: an archive holding a single folder (and nothing else) is graded from inside it.
    const top = await readdir(dir, { withFileTypes: true });
    if (top.length === 1 && top[0]?.isDirectory() && top[0].name !== '.git') {
      options.log?.(`${what} holds one folder, ${top[0].name}/: grading what is inside it`);
      return { kind, source: path, dir: join(dir, top[0].name), cleanup };
    }
    return { kind, source: path, dir, cleanup };
  } catch (error) {
    await cleanup().catch(() => undefined);
    throw error;
  }
}

/** Commit, dirtiness and content hash of an opened submission (reads its history through a clean clone; see git.ts). */
export async function describeSubmission(opened: OpenedSubmission, limits: CopyLimits = COPY_LIMITS): Promise<SubmissionProvenance> {
  const content = await hashSubmissionContent(opened.dir, limits);
  const base = { kind: opened.kind, contentHash: content.sha256, files: content.files, bytes: content.bytes };
  if (opened.commit) return { ...base, commit: opened.commit, dirty: false };
  const scratch = await makeScratchDir('intake');
  try {
    const { readFolderHistory } = await import('./git');
    const history = await readFolderHistory(opened.dir, join(scratch, 'history'));
    return { ...base, commit: history.commit, dirty: history.dirty, ...(history.note ? { note: history.note } : {}) };
  } finally {
    await removeRunRoot(scratch).catch(() => undefined);
  }
}
