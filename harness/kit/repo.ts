import { execFile } from 'node:child_process';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '../errors';

const exec = promisify(execFile);

/** A kit's files: relative POSIX path to content. */
export type KitFiles = ReadonlyMap<string, string | Uint8Array>;

/** Fixed identity and date, so the same files make the same first commit (same hash) every time. */
/** The identity the kit's own first commit is made under: not a person, never a name to hide. */
export const KIT_AUTHOR = { name: 'takehome', email: 'takehome@invalid' } as const;

const COMMIT_ENV = {
  GIT_AUTHOR_NAME: KIT_AUTHOR.name,
  GIT_AUTHOR_EMAIL: KIT_AUTHOR.email,
  GIT_COMMITTER_NAME: KIT_AUTHOR.name,
  GIT_COMMITTER_EMAIL: KIT_AUTHOR.email,
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

function checkRelativePath(path: string): void {
  if (path.startsWith('/') || path.split('/').some((part) => part === '..' || part === '') || path.includes('\\')) {
    throw new RangeError(`kit file path ${JSON.stringify(path)} must be relative, with no "..", empty or backslash parts`);
  }
}

/** Refuse to write into a folder that already holds something: a kit never overwrites. */
export async function assertEmptyOrAbsent(dir: string): Promise<void> {
  try {
    const entries = await readdir(dir);
    if (entries.length > 0) {
      throw new UsageError(`${dir} already exists and is not empty`, { hint: 'choose a new --out folder, or remove this one first if you mean to replace it' });
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') throw new UsageError(`${dir} is a file, not a folder`, { hint: 'choose a new --out folder' });
    throw error;
  }
}

/**
 * Write the files into a new folder and make it a git repository whose first
 * commit holds them all. Same files, same bytes, same commit hash.
 */
export async function writeKitRepository(dir: string, files: KitFiles, message: string): Promise<{ commit: string }> {
  await assertEmptyOrAbsent(dir);
  const paths = [...files.keys()].sort();
  for (const path of paths) checkRelativePath(path);
  for (const path of paths) {
    const target = join(dir, ...path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, files.get(path) as string | Uint8Array, { mode: path.endsWith('.sh') ? 0o755 : 0o644 });
  }
  const git = (args: string[]) => exec('git', args, { cwd: dir, env: { ...process.env, ...COMMIT_ENV } });
  await git(['init', '-q', '-b', 'main']);
  await git(['add', '-A']);
  await git(['commit', '-q', '--no-gpg-sign', '-m', message]);
  const { stdout } = await git(['rev-parse', 'HEAD']);
  return { commit: stdout.trim() };
}

/** Every file below dir (outside .git and node_modules), as relative POSIX paths. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(current: string): Promise<void> {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const full = join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() || (await stat(full)).isFile()) out.push(relative(dir, full).split(sep).join('/'));
    }
  }
  await walk(dir);
  return out.sort();
}
