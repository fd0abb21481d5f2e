import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/test-helpers';
import { ConfigError } from '../errors';
import { KIT_AUTHOR } from '../kit/repo';
import { appendReviews, currentEntries, parseReviewInput, pseudonymFor, readReviewLog, writeBlindCopy } from './index';

const tempDir = useTempDirs();

function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => `${join(e.parentPath, e.name)}\n${readFileSync(join(e.parentPath, e.name), 'utf8')}`)
    .join('\n');
}

describe('the blind copy', () => {
  it('carries no author name or email: git history dropped, package.json people removed, names and emails replaced in text and file names', async () => {
    const src = tempDir('takehome-blind-src-');
    mkdirSync(join(src, 'src'));
    writeFileSync(join(src, 'NOTES.md'), '# Notes by Grace Hopper\n\nContact: grace.h@example.org. Hopper chose BM25; ping @ghopper85.\nNothing will break.\n');
    writeFileSync(join(src, 'package.json'), JSON.stringify({ name: 'rag', author: 'Grace Hopper <grace.h@example.org>', contributors: [{ name: 'G. Hopper' }], scripts: { x: 'y' } }));
    writeFileSync(join(src, 'src', 'answer.ts'), '// (c) ada-lovelace\nexport const k = 5; // will tune\n');
    writeFileSync(join(src, 'ada-lovelace-eval.md'), 'eval\n');
    writeFileSync(join(src, 'blob.bin'), Buffer.from([0, 1, 2, 3]));
    const git = (...args: string[]) => execFileSync('git', ['-C', src, ...args], { stdio: 'pipe', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.name=Grace Hopper', '-c', 'user.email=ghopper85@users.example.com', 'commit', '-qm', 'First pipeline (Grace)');
    const dest = join(tempDir('takehome-blind-dest-'), 'copy');
    const report = await writeBlindCopy(src, dest, ['ada-lovelace', 'Ada Lovelace']);
    const text = allText(dest);
    for (const leak of ['Grace', 'Hopper', 'grace.h', 'example.org', 'ghopper85', 'ada-lovelace', 'lovelace']) expect(text.toLowerCase()).not.toContain(leak.toLowerCase());
    expect(existsSync(join(dest, '.git'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dest, 'package.json'), 'utf8'))).toEqual({ name: 'rag', scripts: { x: 'y' } });
    expect(readFileSync(join(dest, 'NOTES.md'), 'utf8')).toBe('# Notes by [name]\n\nContact: [email]. [name] chose BM25; ping @[name].\nNothing will break.\n');
    expect(readFileSync(join(dest, 'src', 'answer.ts'), 'utf8')).toBe('// (c) [name]\nexport const k = 5; // will tune\n');
    expect(existsSync(join(dest, '[name]-eval.md'))).toBe(true);
    expect(readFileSync(join(dest, 'REVIEW-GIT-LOG.txt'), 'utf8')).toMatch(/ {2}First pipeline \(\[name\]\)\n$/);
    expect(report).toMatchObject({ git: 'read', unscanned: ['blob.bin'], files: 5 });
    expect(readFileSync(join(dest, 'REVIEW-COPY.md'), 'utf8')).toMatch(/NOTES\.md: 4 replacement/);
    expect(statSync(join(dest, 'NOTES.md')).mode & 0o777).toBe(0o600);
  });

  it("keeps the kit's own files whole: the harness's first commit (author takehome) is not a name to hide", async () => {
    const src = tempDir('takehome-blind-kit-');
    writeFileSync(join(src, 'takehome.json'), '{"run": "python3 predict.py"}\n');
    writeFileSync(join(src, 'README.md'), 'Write a takehome.json that lets us rerun your code.\n');
    const git = (...args: string[]) => execFileSync('git', ['-C', src, ...args], { stdio: 'pipe', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    git('init', '-q');
    git('add', '-A');
    git('-c', `user.name=${KIT_AUTHOR.name}`, '-c', `user.email=${KIT_AUTHOR.email}`, 'commit', '-qm', 'The kit');
    writeFileSync(join(src, 'NOTES.md'), 'by Bob Jones\n');
    git('add', '-A');
    git('-c', 'user.name=Bob Jones', '-c', 'user.email=bob@example.com', 'commit', '-qm', 'mine');
    const dest = join(tempDir('takehome-blind-dest-'), 'copy');
    await writeBlindCopy(src, dest, ['bob-jones']);
    expect(existsSync(join(dest, 'takehome.json'))).toBe(true);
    expect(readFileSync(join(dest, 'README.md'), 'utf8')).toBe('Write a takehome.json that lets us rerun your code.\n');
    expect(readFileSync(join(dest, 'NOTES.md'), 'utf8')).toBe('by [name]\n');
  });

  it('a repository config cannot make git run a program while its history is read', async () => {
    const src = tempDir('takehome-blind-hostile-');
    writeFileSync(join(src, 'README.md'), 'x\n');
    const git = (...args: string[]) => execFileSync('git', ['-C', src, ...args], { stdio: 'pipe', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.name=Eve Mallory', '-c', 'user.email=eve@example.com', 'commit', '-qm', 'x');
    const marker = join(src, 'pwned');
    for (const [key, value] of [
      ['core.pager', `touch ${marker}`],
      ['core.fsmonitor', `touch ${marker}`],
      ['log.showSignature', 'true'],
      ['gpg.program', `touch ${marker}`],
    ] as const)
      git('config', key, value);
    const dest = join(tempDir('takehome-blind-hostile-dest-'), 'copy');
    const report = await writeBlindCopy(src, dest, []);
    expect(report.git).toBe('read');
    expect(existsSync(marker)).toBe(false);
    expect(allText(dest)).not.toMatch(/\bEve\b|Mallory/);
  });
});

describe('pseudonyms', () => {
  it('are deterministic from the loop secret and the candidate, and never show the id', () => {
    const a = pseudonymFor('secret-one', 'ada-lovelace');
    expect(a).toMatch(/^anon-[a-z2-7]{8}$/);
    expect(pseudonymFor('secret-one', 'ada-lovelace')).toBe(a);
    expect(pseudonymFor('secret-two', 'ada-lovelace')).not.toBe(a);
    expect(pseudonymFor('secret-one', 'grace-hopper')).not.toBe(a);
    expect(a).not.toMatch(/ada|lovelace/);
  });
});

describe('the review log', () => {
  const base = { exercise: 'ml', pseudonym: 'anon-abcdefgh', blind: true, rubricSha256: 'r1' };

  it('is append-only: a change is a new entry that supersedes the previous one, and the history stays', async () => {
    const file = join(tempDir('takehome-review-log-'), 'reviews', 'reviews.jsonl');
    const first = await appendReviews(file, { ...base, interviewer: 'Ines', at: new Date('2026-01-01T10:00:00Z') }, [
      { criterion: 'write-up', level: 2, note: 'thin' },
      { criterion: 'validation', level: 3, note: 'time split' },
    ]);
    const before = readFileSync(file, 'utf8');
    const [change] = await appendReviews(file, { ...base, interviewer: 'Ines', at: new Date('2026-01-02T10:00:00Z') }, [{ criterion: 'write-up', level: 3, note: 'reread: fine' }]);
    await appendReviews(file, { ...base, interviewer: 'Omar', at: new Date('2026-01-02T11:00:00Z') }, [{ criterion: 'write-up', level: 4, note: 'great' }]);
    const after = readFileSync(file, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    const all = await readReviewLog(file);
    expect(all).toHaveLength(4);
    expect(change?.supersedes).toBe(first[0]?.id);
    expect(all[3]?.supersedes).toBeNull();
    const current = currentEntries(all).map((e) => [e.interviewer, e.criterion, e.level]);
    expect(current).toEqual([
      ['Ines', 'write-up', 3],
      ['Ines', 'validation', 3],
      ['Omar', 'write-up', 4],
    ]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('the newest entry by time is in force even when a merge put it on an earlier line', async () => {
    const file = join(tempDir('takehome-review-merge-'), 'reviews.jsonl');
    await appendReviews(file, { ...base, interviewer: 'Ines', at: new Date('2026-01-03T10:00:00Z') }, [{ criterion: 'write-up', level: 4, note: 'newer' }]);
    await appendReviews(file, { ...base, interviewer: 'Ines', at: new Date('2026-01-01T10:00:00Z') }, [{ criterion: 'write-up', level: 1, note: 'older, merged in later' }]);
    expect(currentEntries(await readReviewLog(file)).map((e) => e.note)).toEqual(['newer']);
  });

  it('a damaged line names the file, the line and the field', async () => {
    const dir = tempDir('takehome-review-bad-');
    const file = join(dir, 'reviews.jsonl');
    await appendReviews(file, { ...base, interviewer: 'Ines', at: new Date('2026-01-01T10:00:00Z') }, [{ criterion: 'write-up', level: 2, note: 'thin' }]);
    writeFileSync(file, `${readFileSync(file, 'utf8')}${readFileSync(file, 'utf8').replace('"level":2', '"level":7')}`);
    await expect(readReviewLog(file)).rejects.toThrow(/reviews\.jsonl:2: field level: /);
  });
});

describe('a review from a YAML file', () => {
  const context = { manual: ['validation', 'write-up'], candidateNames: ['ada', 'anon-abcdefgh'], interviewer: 'Ines' };

  it('reads levels and notes per criterion', () => {
    const text = 'schema: takehome.review-input/v1\ncandidate: anon-abcdefgh\ninterviewer: Ines\nlevels:\n  validation:\n    level: 3\n    note: a time split\n  write-up: { level: 2, note: thin }\n';
    expect(parseReviewInput(text, 'r.yaml', context)).toEqual([
      { criterion: 'validation', level: 3, note: 'a time split' },
      { criterion: 'write-up', level: 2, note: 'thin' },
    ]);
  });

  it.each([
    ['a level out of range', 'levels:\n  validation:\n    level: 5\n    note: x\n', /^r\.yaml:3: field levels\.validation\.level: a level is 1 to 4$/],
    ['a missing note', 'levels:\n  validation:\n    level: 3\n', /^r\.yaml:3: field levels\.validation\.note: a note saying why is required$/],
    [
      'an automatic criterion',
      'levels:\n  validation: { level: 3, note: ok }\n  leakage: { level: 1, note: no }\n',
      /^r\.yaml:3: field levels\.leakage: "leakage" is not a criterion an interviewer levels/,
    ],
    ['another interviewer', 'interviewer: Omar\nlevels:\n  validation: { level: 3, note: ok }\n', /^r\.yaml:1: field interviewer: this review is by "Omar"/],
    ['another candidate', 'candidate: bob\nlevels:\n  validation: { level: 3, note: ok }\n', /^r\.yaml:1: field candidate: this review is for "bob"/],
    ['an unknown field', 'levels:\n  validation: { level: 3, note: ok, score: 9 }\n', /^r\.yaml:2: field levels\.validation: Unrecognized key: "score"/],
  ])('refuses %s, naming the line and the field', (_, text, message) => {
    let error: unknown;
    try {
      parseReviewInput(text, 'r.yaml', context);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(message);
    expect((error as ConfigError).exitCode).toBe(2);
  });
});
