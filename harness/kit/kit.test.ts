import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors';
import { deriveCandidateSeed } from '../secrets';
import { listFiles, scanKitForLeaks, writeKitRepository } from './index';
import { useTempDirs } from '../../test/test-helpers';

const tempDir = useTempDirs();
const files = new Map<string, string>([
  ['README.md', '# Brief\n'],
  ['corpus/a.md', 'Claims within 30 days.\n'],
  ['scripts/check.sh', '#!/bin/sh\necho ok\n'],
]);

describe('writeKitRepository', () => {
  it('writes a git repository whose first commit holds every file, with the same hash each time', async () => {
    const root = tempDir('takehome-kit-');
    const a = await writeKitRepository(join(root, 'a'), files, 'Kit for ada');
    const b = await writeKitRepository(join(root, 'b'), files, 'Kit for ada');
    expect(a.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(b.commit).toBe(a.commit);
    expect(await listFiles(join(root, 'a'))).toEqual(['README.md', 'corpus/a.md', 'scripts/check.sh']);
    const tracked = execFileSync('git', ['ls-files'], { cwd: join(root, 'a'), encoding: 'utf8' })
      .trim()
      .split('\n');
    expect(tracked).toEqual(['README.md', 'corpus/a.md', 'scripts/check.sh']);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: join(root, 'a'), encoding: 'utf8' })).toBe('');
  });

  it('never writes into a folder that holds something', async () => {
    const root = tempDir('takehome-kit-');
    mkdirSync(join(root, 'taken'));
    writeFileSync(join(root, 'taken', 'keep.txt'), 'mine');
    await expect(writeKitRepository(join(root, 'taken'), files, 'x')).rejects.toThrow(UsageError);
    expect(readFileSync(join(root, 'taken', 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('rejects paths that escape the kit', async () => {
    const root = tempDir('takehome-kit-');
    await expect(writeKitRepository(join(root, 'k'), new Map([['../evil', 'x']]), 'x')).rejects.toThrow(/relative/);
  });
});

describe('scanKitForLeaks', () => {
  it('finds hidden text whatever its case and spacing, and the seed in any encoding', async () => {
    const root = tempDir('takehome-kit-');
    const seed = deriveCandidateSeed('demo', 'rag', 'ada');
    const other = deriveCandidateSeed('demo', 'rag', 'bob');
    await writeKitRepository(
      root,
      new Map([
        ['notes.md', 'What is the   DIM weight divisor for\nAPAC air freight?\n'],
        ['clean.md', 'Nothing to see here.\n'],
        ['leaked.txt', `seed=${createHmac('sha256', 'demo').update('rag:ada').digest('base64')}\n`],
      ]),
      'x',
    );
    const findings = await scanKitForLeaks(
      root,
      [
        { label: 'hidden question q7', text: 'What is the DIM weight divisor for APAC air freight?' },
        { label: 'short answer', text: '30 days' },
      ],
      { checks: [{ label: 'seed', test: (t) => seed.appearsIn(t) }] },
    );
    expect(findings.map((f) => [f.file, f.label])).toEqual([
      ['leaked.txt', 'seed'],
      ['notes.md', 'hidden question q7'],
    ]);
    expect(other.appearsIn('nothing')).toBe(false);
  });
});
