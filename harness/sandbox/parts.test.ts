// Unit tests of the pieces: output buffers, env, options, working copy, cgroup path parsing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidSubmissionError, UsageError } from '../errors';
import { makeSubmission, removeDir } from './_testkit';
import { ownCgroupDir } from './capabilities';
import { buildCandidateEnv } from './env';
import { parseSandboxOptions, resolveLimits, DEFAULT_LIMITS } from './options';
import { CappedBuffer, LineQueue, TailBuffer } from './output';
import { createWorkCopy, filesAtLeast, readWorkFile, removeRunRoot, removeTree } from './workcopy';

describe('CappedBuffer', () => {
  it('keeps the first cap bytes and flags the overflow', () => {
    const buffer = new CappedBuffer(5);
    expect(buffer.push(Buffer.from('abc'))).toBe(true);
    expect(buffer.push(Buffer.from('de'))).toBe(true);
    expect(buffer.truncated).toBe(false);
    expect(buffer.push(Buffer.from('fgh'))).toBe(false);
    expect(buffer.text()).toBe('abcde');
    expect(buffer.total).toBe(8);
    expect(buffer.truncated).toBe(true);
  });
});

describe('TailBuffer', () => {
  it('keeps the last bytes', () => {
    const tail = new TailBuffer(4);
    tail.push(Buffer.from('abc'));
    tail.push(Buffer.from('defg'));
    expect(tail.text()).toBe('defg');
  });
});

describe('LineQueue', () => {
  it('splits lines across chunks, strips CR, and yields a last unterminated line at the end', async () => {
    const queue = new LineQueue();
    queue.push(Buffer.from('{"id":1}\r\n{"i'));
    queue.push(Buffer.from('d":2}\n\npartial'));
    queue.end();
    const lines: string[] = [];
    for await (const line of queue) lines.push(line);
    expect(lines).toEqual(['{"id":1}', '{"id":2}', '', 'partial']);
  });

  it('wakes a reader waiting for the next line', async () => {
    const queue = new LineQueue();
    const next = queue.next();
    queue.push(Buffer.from('hello\n'));
    expect(await next).toEqual({ value: 'hello', done: false });
    const after = queue.next();
    queue.end();
    expect(await after).toEqual({ value: undefined, done: true });
  });
});

describe('buildCandidateEnv', () => {
  it('holds the fixed set plus what was passed, and forces the gateway URL', () => {
    const env = buildCandidateEnv({
      workDir: '/tmp/w',
      extra: { OPENAI_API_KEY: 'run-token', OPENAI_BASE_URL: 'https://elsewhere.example/v1' },
      gatewayUrl: 'http://127.0.0.1:8787/v1',
      nodeBinary: '/opt/node/bin/node',
    });
    expect(env.HOME).toBe('/tmp/w');
    expect(env.PATH?.split(':')[0]).toBe('/opt/node/bin');
    expect(env.OPENAI_API_KEY).toBe('run-token');
    expect(env.OPENAI_BASE_URL).toBe('http://127.0.0.1:8787/v1');
  });

  it('never copies the harness environment', () => {
    process.env.TAKEHOME_SECRET_PARTS_TEST = 'leak';
    try {
      const env = buildCandidateEnv({ workDir: '/tmp/w', extra: {} });
      expect(Object.values(env)).not.toContain('leak');
      expect(
        Object.keys(env).every(
          (k) =>
            process.env[k] === undefined || ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'NODE_ENV', 'NO_COLOR', 'CI'].includes(k) || k.startsWith('npm_config_') || k === 'NO_UPDATE_NOTIFIER',
        ),
      ).toBe(true);
    } finally {
      delete process.env.TAKEHOME_SECRET_PARTS_TEST;
    }
  });
});

describe('parseSandboxOptions', () => {
  it('fills defaults', () => {
    const options = parseSandboxOptions({ command: 'npm run ingest', submissionDir: '/sub' });
    expect(options.mode).toBe('auto');
    expect(options.keepWorkDir).toBe(true);
    expect(resolveLimits(options.limits)).toEqual(DEFAULT_LIMITS);
    expect(resolveLimits({ wallMs: 5 }).wallMs).toBe(5);
  });

  it.each([
    [{ command: '', submissionDir: '/sub' }, /command/],
    [{ command: 'x', submissionDir: '/sub', limits: { memoryBytes: 1024 } }, /limits\.memoryBytes/],
    [{ command: 'x', submissionDir: '/sub', hidePaths: ['rel'] }, /hidePaths\.0/],
    [{ command: 'x', submissionDir: '/sub', env: { 'BAD=NAME': 'v' } }, /env/],
    [{ command: 'x', submissionDir: '/sub', excludeFromCopy: ['a/b'] }, /excludeFromCopy/],
    [{ command: 'x', submissionDir: '/sub', unknown: 1 }, /options|unknown|Unrecognized/i],
  ])('rejects %j', (input, message) => {
    expect(() => parseSandboxOptions(input as never)).toThrow(UsageError);
    expect(() => parseSandboxOptions(input as never)).toThrow(message);
  });
});

describe('working copy', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeDir));

  it('copies links as links, skips excluded names, and never follows a link when reading results back', async () => {
    const sub = makeSubmission({ 'a.txt': 'A' });
    dirs.push(sub);
    mkdirSync(join(sub, '.git'));
    writeFileSync(join(sub, '.git', 'HEAD'), 'ref');
    symlinkSync('/etc/hostname', join(sub, 'stolen.txt'));
    const base = mkdtempSync(join(tmpdir(), 'takehome-sbx-test-base-'));
    dirs.push(base);
    const { root, workDir } = await createWorkCopy({ submissionDir: sub, base, exclude: ['.git'] });
    try {
      expect(readlinkSync(join(workDir, 'stolen.txt'))).toBe('/etc/hostname');
      expect(existsSync(join(workDir, '.git'))).toBe(false);
      expect((await readWorkFile(workDir, 'a.txt')).toString()).toBe('A');
      await expect(readWorkFile(workDir, 'stolen.txt')).rejects.toThrow(InvalidSubmissionError);
      await expect(readWorkFile(workDir, '../../etc/passwd')).rejects.toThrow(/outside the working copy/);
      await expect(readWorkFile(workDir, 'a.txt', 0)).rejects.toThrow(/cap/);
      expect(await filesAtLeast(workDir, 1)).toEqual(['a.txt']);
    } finally {
      await removeRunRoot(root);
    }
    expect(existsSync(root)).toBe(false);
  });

  it('refuses a FIFO result file at once, without blocking', async () => {
    const sub = makeSubmission({});
    dirs.push(sub);
    execFileSync('mkfifo', [join(sub, 'predictions.csv')]);
    await expect(readWorkFile(sub, 'predictions.csv')).rejects.toThrow(/predictions\.csv is a FIFO, not a regular file/);
  });

  it('bounds the copy in depth, entries and bytes with a problem naming the limit', async () => {
    const base = mkdtempSync(join(tmpdir(), 'takehome-sbx-test-base-'));
    dirs.push(base);
    const deep = makeSubmission({ 'a.txt': 'A' });
    dirs.push(deep);
    mkdirSync(join(deep, ...Array.from({ length: 5 }, () => 'd')), { recursive: true });
    const copy = (limits: { depth: number; entries: number; bytes: number }) => createWorkCopy({ submissionDir: deep, base, exclude: [], limits });
    await expect(copy({ depth: 4, entries: 100, bytes: 100 })).rejects.toThrow(/more than 4 folders deep/);
    await expect(copy({ depth: 10, entries: 3, bytes: 100 })).rejects.toThrow(/more than 3 files and folders/);
    await expect(copy({ depth: 10, entries: 100, bytes: 0 })).rejects.toThrow(/more than 0 bytes/);
    await expect(copy({ depth: 10, entries: 100, bytes: 0 })).rejects.toThrow(InvalidSubmissionError);
    // A refused copy leaves nothing behind.
    expect(readdirSync(base)).toEqual([]);
    const ok = await copy({ depth: 5, entries: 6, bytes: 1 });
    expect(existsSync(join(ok.workDir, 'd', 'd', 'd', 'd', 'd'))).toBe(true);
    await removeRunRoot(ok.root);
  });

  it('removes a run folder holding a tree deeper than PATH_MAX', async () => {
    const base = mkdtempSync(join(tmpdir(), 'takehome-sbx-test-base-'));
    dirs.push(base);
    const sub = makeSubmission({});
    dirs.push(sub);
    const { root, workDir } = await createWorkCopy({ submissionDir: sub, base, exclude: [] });
    try {
      // 1,500 levels of "dd/": 4,500 bytes of path, past PATH_MAX (4,096); made with relative mkdirs as a candidate would.
      execFileSync(process.execPath, ['-e', "const fs=require('fs');for(let i=0;i<1500;i++){fs.mkdirSync('dd');process.chdir('dd')}fs.writeFileSync('f','x')"], { cwd: workDir });
      await removeRunRoot(root);
      expect(existsSync(root)).toBe(false);
    } finally {
      await removeTree(root);
    }
  });

  it('refuses to remove a folder that is not a sandbox run folder', async () => {
    await expect(removeRunRoot('/tmp/not-ours')).rejects.toThrow(/refusing/);
  });

  it('reports a missing submission as invalid', async () => {
    await expect(createWorkCopy({ submissionDir: '/nonexistent/takehome-sub', base: tmpdir(), exclude: [] })).rejects.toThrow(InvalidSubmissionError);
  });
});

describe('ownCgroupDir', () => {
  const sample = ['9:name=systemd:/', '8:pids:/', '4:memory:/process_api/abc', '0::/'].join('\n');
  it('finds the v1 folder of a controller', () => {
    expect(ownCgroupDir('memory', sample)).toBe('/sys/fs/cgroup/memory/process_api/abc');
    expect(ownCgroupDir('pids', sample)).toBe('/sys/fs/cgroup/pids');
    expect(ownCgroupDir('memory', '0::/user.slice')).toBeNull();
  });
});
