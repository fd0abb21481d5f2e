import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InvalidSubmissionError, UsageError } from '../errors';
import { writeKitRepository } from '../kit';
import { useTempDirs } from '../../test/test-helpers';
import { type ArchiveEntry, entriesOfFolder, tarOf, zipOf } from './archive-test-helpers';
import { describeSubmission, openSubmission } from './open';

const temp = useTempDirs();
const FILES = new Map<string, string>([
  ['README.md', '# Kit\n'],
  ['src/answer.ts', 'export const answer = 42;\n'],
  ['data/train.csv', 'id,y\n1,0\n2,1\n'],
]);

/** What takehome leaves in the temp dir: nothing once a submission is closed, accepted or refused. */
function scratchLeft(): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith('takehome-intake-'));
}

/** A committed repository (same files, same commit), with a link inside it, and its bundle, tar, tar.gz and zip. */
async function repositoryForms(): Promise<Record<'folder' | 'bundle' | 'tar' | 'tgz' | 'zip', string>> {
  const root = temp('takehome-forms-');
  const folder = join(root, 'repo');
  await writeKitRepository(folder, FILES, 'Kit for ada');
  symlinkSync('src/answer.ts', join(folder, 'answer-link.ts'));
  execFileSync('git', ['add', '-A'], { cwd: folder });
  execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@invalid', 'commit', '-qm', 'my answer'], { cwd: folder });
  execFileSync('git', ['bundle', 'create', join(root, 'repo.bundle'), '--all'], { cwd: folder, stdio: 'ignore' });
  const entries = entriesOfFolder(folder);
  writeFileSync(join(root, 'repo.tar'), tarOf(entries));
  writeFileSync(join(root, 'repo.tar.gz'), gzipSync(tarOf(entries)));
  writeFileSync(join(root, 'repo.zip'), zipOf(entries));
  return { folder, bundle: join(root, 'repo.bundle'), tar: join(root, 'repo.tar'), tgz: join(root, 'repo.tar.gz'), zip: join(root, 'repo.zip') };
}

async function describePath(path: string) {
  const opened = await openSubmission(path);
  try {
    return await describeSubmission(opened);
  } finally {
    await opened.cleanup();
  }
}

async function refusal(path: string, limits?: { depth: number; entries: number; bytes: number }): Promise<InvalidSubmissionError> {
  const error = await openSubmission(path, limits ? { limits } : {}).then(
    async (opened) => {
      await opened.cleanup();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidSubmissionError);
  expect(scratchLeft()).toEqual([]);
  return error as InvalidSubmissionError;
}

describe('openSubmission: a folder, a git bundle, a tar, tar.gz or zip archive', () => {
  it('grades the same content whatever the form: same content hash and commit', async () => {
    const forms = await repositoryForms();
    const folder = await describePath(forms.folder);
    expect(folder).toMatchObject({ kind: 'folder', dirty: false, files: 4, commit: expect.stringMatching(/^[0-9a-f]{40}$/), contentHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    for (const [form, kind] of [
      ['bundle', 'git-bundle'],
      ['tar', 'tar'],
      ['tgz', 'tar'],
      ['zip', 'zip'],
    ] as const) {
      expect(await describePath(forms[form]), form).toEqual({ ...folder, kind });
    }
    expect(scratchLeft()).toEqual([]);
  });

  it("an archive of the repository's folder (tar czf kit.tgz kit/) is graded from inside that folder: same content and commit", async () => {
    const forms = await repositoryForms();
    const folder = await describePath(forms.folder);
    const nested = entriesOfFolder(forms.folder).map((e) => ({ ...e, name: `ada-kit/${e.name}` }));
    const root = temp('takehome-nested-');
    writeFileSync(join(root, 'nested.tar.gz'), gzipSync(tarOf([{ name: 'ada-kit/', type: 'dir' }, ...nested])));
    writeFileSync(join(root, 'nested.zip'), zipOf([{ name: 'ada-kit/', type: 'dir' }, ...nested]));
    expect(await describePath(join(root, 'nested.tar.gz'))).toEqual({ ...folder, kind: 'tar' });
    expect(await describePath(join(root, 'nested.zip'))).toEqual({ ...folder, kind: 'zip' });
    expect(scratchLeft()).toEqual([]);
  });

  it('a folder with uncommitted work: the commit is HEAD, marked dirty, and the hash is of the files as they are', async () => {
    const forms = await repositoryForms();
    const clean = await describePath(forms.folder);
    writeFileSync(join(forms.folder, 'NOTES.md'), 'not committed\n');
    const dirty = await describePath(forms.folder);
    expect(dirty.commit).toBe(clean.commit);
    expect(dirty.dirty).toBe(true);
    expect(dirty.contentHash).not.toBe(clean.contentHash);
    expect(dirty.files).toBe(clean.files + 1);
  });

  it('a folder without history has no commit; node_modules and .git are not part of the hash', async () => {
    const dir = temp('takehome-plain-');
    writeFileSync(join(dir, 'predictions.csv'), 'id,probability\n1,0.5\n');
    const before = await describePath(dir);
    expect(before).toMatchObject({ kind: 'folder', commit: null, dirty: null, files: 1 });
    mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'x', 'index.js'), 'module.exports = 1;\n');
    expect((await describePath(dir)).contentHash).toBe(before.contentHash);
  });

  it('names what it cannot open: a missing path and a file that is no submission are usage errors', async () => {
    await expect(openSubmission(join(temp('takehome-none-'), 'nope'))).rejects.toThrow(/does not exist/);
    const file = join(temp('takehome-odd-'), 'notes.txt');
    writeFileSync(file, 'hello\n');
    const error = await openSubmission(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(/not a folder, a git bundle, a tar \(or tar\.gz\) or a zip archive/);
  });
});

describe('openSubmission refuses hostile archives, with what and why, leaving nothing behind', () => {
  const file = (name: string, data = 'x'): ArchiveEntry => ({ name, type: 'file', data });
  const link = (name: string, target: string): ArchiveEntry => ({ name, type: 'symlink', target });
  const cases: [string, ArchiveEntry[], RegExp][] = [
    ['a ../ path', [file('ok.txt'), file('../evil.txt')], /"\.\.\/evil\.txt" has a path .*leaves the archive's folder/],
    ['an absolute path', [file('/tmp/evil.txt')], /"\/tmp\/evil\.txt" has (an absolute path|a path that leaves)/],
    ['a link to an absolute path', [link('passwd', '/etc/passwd')], /"passwd" is a symbolic link to the absolute path "\/etc\/passwd"/],
    ['a link up and out', [link('up', '../../etc')], /"up" is a symbolic link that leaves/],
    ['a link out through another link', [link('s', '.'), link('x/y/s2', '../../s/..')], /x\/y\/s2 is a symbolic link that leads out of the submission through other links/],
    ['a file written through a link', [link('d', 'sub'), file('d/x.txt')], /"d\/x\.txt" would be written through the symbolic link d/],
  ];

  for (const format of ['tar', 'zip'] as const) {
    it.each(cases)(`${format}: %s`, async (_, entries, message) => {
      const dir = temp('takehome-hostile-');
      const path = join(dir, `evil.${format}`);
      writeFileSync(path, format === 'tar' ? tarOf(entries) : zipOf(entries));
      const error = await refusal(path);
      expect(error.message).toMatch(message);
      expect(error.message).toMatch(/evil\.(tar|zip)/);
      expect(existsSync(join(dir, 'evil.txt'))).toBe(false);
      expect(existsSync('/tmp/evil.txt')).toBe(false);
    });
  }

  it('tar: hard links and device files', async () => {
    const dir = temp('takehome-hostile-');
    writeFileSync(join(dir, 'hard.tar'), tarOf([file('a'), { name: 'b', type: 'hardlink', target: 'a' }]));
    expect((await refusal(join(dir, 'hard.tar'))).message).toMatch(/"b" is a hard link/);
    writeFileSync(join(dir, 'dev.tar'), tarOf([{ name: 'null', type: 'chardev' }]));
    expect((await refusal(join(dir, 'dev.tar'))).message).toMatch(/"null" is a device file/);
    writeFileSync(join(dir, 'dev.zip'), zipOf([{ name: 'null', type: 'chardev' }]));
    expect((await refusal(join(dir, 'dev.zip'))).message).toMatch(/"null" is a device file, FIFO or socket/);
  });

  it('huge: past the byte, entry or depth limit (the sandbox copy limits, lowered here), tar, zip and bundle alike', async () => {
    const limits = { depth: 4, entries: 20, bytes: 10_000 };
    const dir = temp('takehome-huge-');
    const big = [file('big.bin', 'z'.repeat(20_000))];
    const many = Array.from({ length: 30 }, (_, i) => file(`f${i}.txt`));
    const deep = [file('a/b/c/d/e/f/g.txt')];
    for (const [name, bytes] of [
      ['big.tar', tarOf(big)],
      ['big.tar.gz', gzipSync(tarOf(big))],
      ['big.zip', zipOf(big)],
    ] as const) {
      writeFileSync(join(dir, name), bytes);
      expect((await refusal(join(dir, name), limits)).message, name).toMatch(/past the limit of 10000 bytes/);
    }
    const roomy = { ...limits, bytes: 10_000_000 };
    writeFileSync(join(dir, 'many.tar'), tarOf(many));
    expect((await refusal(join(dir, 'many.tar'), roomy)).message).toMatch(/past the limit of 20 files and folders/);
    writeFileSync(join(dir, 'many.zip'), zipOf(many));
    expect((await refusal(join(dir, 'many.zip'), roomy)).message).toMatch(/past the limit of 20 files and folders/);
    writeFileSync(join(dir, 'deep.tar'), tarOf(deep));
    expect((await refusal(join(dir, 'deep.tar'), roomy)).message).toMatch(/more than 4 folders deep/);

    const repo = join(dir, 'repo');
    await writeKitRepository(repo, new Map([['big.bin', 'z'.repeat(20_000)]]), 'big');
    execFileSync('git', ['bundle', 'create', join(dir, 'big.bundle'), '--all'], { cwd: repo, stdio: 'ignore' });
    expect((await refusal(join(dir, 'big.bundle'), limits)).message).toMatch(/too big to check out: more than 10000 bytes/);
  });

  it('bundle: a committed link out of the repository is refused after checkout', async () => {
    const dir = temp('takehome-hostile-');
    const repo = join(dir, 'repo');
    await writeKitRepository(repo, new Map([['README.md', 'hi\n']]), 'x');
    symlinkSync('/etc/passwd', join(repo, 'passwd'));
    execFileSync('git', ['add', '-A'], { cwd: repo });
    execFileSync('git', ['-c', 'user.name=x', '-c', 'user.email=x@invalid', 'commit', '-qm', 'link'], { cwd: repo });
    execFileSync('git', ['bundle', 'create', join(dir, 'evil.bundle'), '--all'], { cwd: repo, stdio: 'ignore' });
    expect((await refusal(join(dir, 'evil.bundle'))).message).toMatch(/passwd is a symbolic link to the absolute path "\/etc\/passwd"/);
  });
});
