import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidSubmissionError, UsageError } from '../errors';
import { deriveCandidateSeed } from '../secrets';
import { checkKitVariant, KIT_IDENTITY_FILE, listFiles, readKitIdentity, resolveGradeTarget, scanKitForLeaks, withKitIdentity, writeKitRepository } from './index';
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

describe('takehome.kit.json: the kit names its candidate', () => {
  const seed = deriveCandidateSeed('a-test-secret-of-enough-length', 'ml', 'ada-lovelace');

  it('is committed with the kit, the same bytes each time, and reads back as exercise, candidate and variant (never the seed)', async () => {
    const root = tempDir('takehome-kit-');
    const a = await writeKitRepository(join(root, 'a'), withKitIdentity(files, seed), 'Kit for ada');
    const b = await writeKitRepository(join(root, 'b'), withKitIdentity(files, seed), 'Kit for ada');
    expect(b.commit).toBe(a.commit);
    expect(execFileSync('git', ['ls-files', KIT_IDENTITY_FILE], { cwd: join(root, 'a'), encoding: 'utf8' }).trim()).toBe(KIT_IDENTITY_FILE);
    expect(await readKitIdentity(join(root, 'a'))).toEqual({ exercise: 'ml', candidate: 'ada-lovelace', variant: seed.fingerprint });
    expect(seed.appearsIn(readFileSync(join(root, 'a', KIT_IDENTITY_FILE), 'utf8'))).toBe(false);
    expect(await readKitIdentity(root)).toBeUndefined();
  });

  it('a file that is there but is not one names the field, or refuses a link', async () => {
    const root = tempDir('takehome-kit-');
    writeFileSync(join(root, KIT_IDENTITY_FILE), JSON.stringify({ schema: 'takehome.kit/v1', exercise: 'ml', candidate: '../bob', variant: seed.fingerprint }));
    await expect(readKitIdentity(root)).rejects.toThrow(/takehome\.kit\.json: field candidate: invalid candidate id/);
    writeFileSync(join(root, KIT_IDENTITY_FILE), JSON.stringify({ schema: 'takehome.kit/v1', exercise: 'ml', candidate: 'bob', variant: 'seed' }));
    await expect(readKitIdentity(root)).rejects.toThrow(/field variant: "seed" is not a 12-hex-digit variant fingerprint/);
    writeFileSync(join(root, KIT_IDENTITY_FILE), '{');
    await expect(readKitIdentity(root)).rejects.toThrow(InvalidSubmissionError);
    const linked = tempDir('takehome-kit-');
    symlinkSync('/etc/passwd', join(linked, KIT_IDENTITY_FILE));
    await expect(readKitIdentity(linked)).rejects.toThrow(/must be a regular file .*symbolic link/);
  });

  const kit = { exercise: 'ml', candidate: 'ada-lovelace', variant: seed.fingerprint };
  const known = ['rag', 'ml'];
  it.each([
    ['the kit alone', { kit }, { exercise: 'ml', candidate: 'ada-lovelace' }],
    ['flags that agree with the kit', { kit, exercise: 'ml', candidate: 'ada-lovelace' }, { exercise: 'ml', candidate: 'ada-lovelace' }],
    ['flags without a kit', { exercise: 'rag', candidate: 'bob' }, { exercise: 'rag', candidate: 'bob' }],
    ["the loop's only exercise", { candidate: 'bob', loopExercise: 'rag' }, { exercise: 'rag', candidate: 'bob' }],
  ])('resolveGradeTarget: %s', (_, input, expected) => {
    expect(resolveGradeTarget({ submission: 'sub', knownExercises: known, kit: undefined, ...input })).toEqual(expected);
  });

  it.each([
    ['another candidate', { kit, candidate: 'adda' }, /sub is the ml kit made for candidate "ada-lovelace" .*not for "adda"/],
    ['another exercise', { kit, exercise: 'rag' }, /sub is the ml kit made for candidate "ada-lovelace" .*not a rag submission/],
    ['no kit and no --candidate', { exercise: 'ml' }, /--candidate is required: sub holds no takehome\.kit\.json/],
    ['no kit and no --exercise', { candidate: 'bob' }, /--exercise is required/],
  ])('resolveGradeTarget refuses %s (exit 2)', (_, input, message) => {
    const run = () => resolveGradeTarget({ submission: 'sub', knownExercises: known, kit: undefined, ...input });
    expect(run).toThrow(UsageError);
    expect(run).toThrow(message);
  });

  it('checkKitVariant: the kit must be of the variant the secret in use makes', () => {
    expect(() => checkKitVariant(kit, seed, 'sub')).not.toThrow();
    expect(() => checkKitVariant(undefined, seed, 'sub')).not.toThrow();
    const other = deriveCandidateSeed('another-secret-of-enough-length', 'ml', 'ada-lovelace');
    expect(() => checkKitVariant(kit, other, 'sub')).toThrow(new RegExp(`says variant ${seed.fingerprint} for ml/ada-lovelace, but the secret in use makes variant ${other.fingerprint}`));
  });
});
