import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Exercise, ExerciseTable } from '../exercise';
import { withKitIdentity, writeKitRepository } from '../kit';
import { SCORECARD_SCHEMA, type Scorecard, scorecardSchema } from '../scorecard';
import { createStream } from '../secrets';
import type { CliIO } from './context';
import { main } from './main';

/**
 * The CLI in-process, on a tiny fake exercise registered through the table:
 * kit, key, grade, calibrate and demo must work for an exercise the CLI has
 * never heard of, with no branch on its id.
 */

const scratch = mkdtempSync(join(tmpdir(), 'takehome-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type EchoMetric = 'correct' | 'length';
type EchoLabel = 'right' | 'wrong';

/** The fake "echo" exercise: the candidate must write the secret-derived word into answer.txt. */
function wordFor(seed: Parameters<typeof createStream>[0]): string {
  return `word-${Math.floor(createStream(seed, 'echo.word').next() * 1e6)}`;
}

function echoSubmission(name: string, answer: string | undefined): string {
  const dir = join(scratch, 'submissions', name);
  mkdirSync(dir, { recursive: true });
  if (answer !== undefined) writeFileSync(join(dir, 'answer.txt'), answer);
  return dir;
}

const echo: Exercise<EchoMetric, EchoLabel> = {
  id: 'echo',
  title: 'Echo (a test exercise)',
  graderVersion: '0.0.1',
  metrics: ['correct', 'length'],
  headline: 'correct',
  summaryMetrics: ['correct', 'length'],
  features: { split: false, limit: false, judge: false },
  async writeKit(outDir, seed) {
    const files = withKitIdentity(new Map([['README.md', `# Echo for ${seed.candidate}\n`]]), seed);
    return { ...(await writeKitRepository(outDir, files, `Kit for ${seed.candidate}`)), files: files.size };
  },
  async writeKey(outDir, seed) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'key.txt'), wordFor(seed));
    return { files: ['key.txt'], summary: 'the word', details: { words: 1 } };
  },
  async grade(request) {
    const { deriveCandidateSeed } = await import('../secrets');
    const seed = deriveCandidateSeed(request.secret, 'echo', request.candidate);
    const path = join(request.submissionDir, 'answer.txt');
    const base: Omit<Scorecard, 'status' | 'problems' | 'metrics'> = {
      schema: SCORECARD_SCHEMA,
      exercise: 'echo',
      candidate: request.candidate,
      variant: seed.fingerprint,
      harnessVersion: 'test',
      backend: 'offline',
      breakdown: {},
      items: [],
      flags: [],
    };
    if (!existsSync(path)) return { ...base, status: 'invalid', problems: [`no answer.txt in ${request.submissionDir}`], metrics: {} as Scorecard['metrics'] };
    const answer = (await readFile(path, 'utf8')).trim();
    const correct = answer === wordFor(seed) ? 1 : 0;
    return {
      ...base,
      status: 'graded',
      problems: [],
      metrics: {
        correct: { value: correct, direction: 'higher', interval: { low: correct, high: correct, level: 0.95, method: 'exact' } },
        length: { value: answer.length, direction: 'none' },
      },
    };
  },
  calibration: {
    submissions: [
      { label: 'right', dir: join(scratch, 'submissions', 'right') },
      { label: 'wrong', dir: echoSubmission('wrong', 'nope') },
    ],
    tableMetrics: ['correct'],
    checks: (candidate, grades) => [
      { candidate, check: 'right beats wrong', pass: (grades.get('right')?.metrics.correct?.value ?? 0) > (grades.get('wrong')?.metrics.correct?.value ?? 0), detail: 'correct' },
    ],
  },
};

const table: ExerciseTable = { echo: async () => echo };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function takehome(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    out: (s) => {
      stdout += s;
    },
    err: (s) => {
      stderr += s;
    },
    env: { NO_COLOR: '1', ...env },
  };
  const code = await main(['node', 'takehome', ...args], { io, exercises: table });
  return { code, stdout, stderr };
}

const SECRET = { TAKEHOME_SECRET: 'a-test-secret-of-enough-length' };

describe('takehome CLI in-process, on a fake exercise', () => {
  it('--help lists the commands and exits 0; an unknown command exits 2', async () => {
    const help = await takehome(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/grade \[options\] <submission>/);
    expect(help.stdout).toMatch(/calibrate/);
    const unknown = await takehome(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command/);
  });

  it('offers the exercises of the table as choices, and names them when the id is wrong', async () => {
    const r = await takehome(['kit', 'rag', '--candidate', 'ada', '--out', join(scratch, 'nope')], SECRET);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Allowed choices are echo/);
  });

  it('a missing secret is a configuration error with the next step: exit 2', async () => {
    const r = await takehome(['variant', '--exercise', 'echo', '--candidate', 'ada']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/TAKEHOME_SECRET/);
    expect(r.stderr).toMatch(/next:/);
  });

  it('kit and key write through the exercise object', async () => {
    const kit = await takehome(['kit', 'echo', '--candidate', 'ada', '--out', join(scratch, 'kit'), '--json'], SECRET);
    expect(kit.code).toBe(0);
    expect(JSON.parse(kit.stdout)).toMatchObject({ exercise: 'echo', candidate: 'ada', files: 2, commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(readFileSync(join(scratch, 'kit', 'README.md'), 'utf8')).toBe('# Echo for ada\n');
    const again = await takehome(['kit', 'echo', '--candidate', 'ada', '--out', join(scratch, 'kit')], SECRET);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/not empty/);
    const key = await takehome(['key', 'echo', '--candidate', 'ada', '--out', join(scratch, 'key')], SECRET);
    expect(key.code).toBe(0);
    expect(key.stdout).toMatch(/echo key for ada \(variant [0-9a-f]{12}\): the word in .*; keep it away from the candidate/);
  });

  it("a kit names its candidate: grading it under another id exits 2 naming the kit's candidate; without --candidate or --exercise the kit says; a bundle grades the same content", async () => {
    const word = readFileSync(join(scratch, 'key', 'key.txt'), 'utf8');
    // ada completes her kit and commits.
    const sub = join(scratch, 'submissions', 'ada-kit');
    cpSync(join(scratch, 'kit'), sub, { recursive: true });
    writeFileSync(join(sub, 'answer.txt'), word);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@invalid', ...args], { cwd: sub, encoding: 'utf8' }).trim();
    git('add', '-A');
    git('commit', '-qm', 'my answer');
    const head = git('rev-parse', 'HEAD');

    const wrong = await takehome(['grade', sub, '--exercise', 'echo', '--candidate', 'bob', '--out', join(scratch, 'results', 'kit-bob')], SECRET);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/ada-kit is the echo kit made for candidate "ada" \(variant [0-9a-f]{12}; takehome\.kit\.json\), not for "bob": nothing was graded/);
    expect(wrong.stderr).toMatch(/next: grade it as --candidate ada/);
    expect(existsSync(join(scratch, 'results', 'kit-bob'))).toBe(false);

    const out = join(scratch, 'results', 'kit-ada');
    const inferred = await takehome(['grade', sub, '--out', out], SECRET);
    expect(inferred.code, inferred.stderr).toBe(0);
    expect(inferred.stderr).toMatch(/^grading echo for ada: variant [0-9a-f]{12} \(the kit's own\), folder .*ada-kit, results in .*kit-ada \.\.\.$/m);
    const sc = JSON.parse(readFileSync(join(out, 'scorecard.json'), 'utf8')) as Scorecard;
    expect(sc.candidate).toBe('ada');
    expect(sc.metrics.correct?.value).toBe(1);
    expect(sc.provenance?.submission).toMatchObject({ kind: 'folder', commit: head, dirty: false, kit: { exercise: 'echo', candidate: 'ada', variant: sc.variant } });

    execFileSync('git', ['bundle', 'create', join(scratch, 'ada.bundle'), '--all'], { cwd: sub, stdio: 'ignore' });
    const bundled = await takehome(['grade', join(scratch, 'ada.bundle'), '--out', join(scratch, 'results', 'kit-ada-bundle'), '--json'], SECRET);
    expect(bundled.code, bundled.stderr).toBe(0);
    const fromBundle = JSON.parse(bundled.stdout) as Scorecard;
    expect(fromBundle.provenance?.submission).toEqual({ ...sc.provenance?.submission, kind: 'git-bundle' });
    expect(fromBundle.metrics.correct?.value).toBe(1);

    // The same kit graded with another secret: its variant is not the one that secret makes.
    const otherSecret = await takehome(['grade', sub, '--out', join(scratch, 'results', 'kit-other')], { TAKEHOME_SECRET: 'another-secret-of-enough-length' });
    expect(otherSecret.code).toBe(2);
    expect(otherSecret.stderr).toMatch(/takehome\.kit\.json says variant [0-9a-f]{12} for echo\/ada, but the secret in use makes variant [0-9a-f]{12}: nothing was graded/);
  });

  it('grade: exit 0 for a graded submission with the scorecard written and stamped with the grader version', async () => {
    const word = readFileSync(join(scratch, 'key', 'key.txt'), 'utf8');
    const out = join(scratch, 'results', 'ada');
    const r = await takehome(['grade', echoSubmission('ada', word), '--exercise', 'echo', '--candidate', 'ada', '--out', out], SECRET);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/correct/);
    const sc = scorecardSchema.parse(JSON.parse(readFileSync(join(out, 'scorecard.json'), 'utf8'))) as Scorecard;
    expect(sc.metrics.correct?.value).toBe(1);
    expect(sc.provenance?.graderVersion).toBe('0.0.1');
    expect(sc.provenance?.harnessCommit === null || /^[0-9a-f]{40}$/.test(sc.provenance?.harnessCommit ?? '')).toBe(true);
  });

  it('grade: exit 1 for an invalid submission, its problem on stderr, the scorecard still written', async () => {
    const out = join(scratch, 'results', 'empty');
    const r = await takehome(['grade', echoSubmission('empty', undefined), '--exercise', 'echo', '--candidate', 'bob', '--out', out], SECRET);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/invalid:\n {2}- no answer\.txt/);
    expect(JSON.parse(readFileSync(join(out, 'scorecard.json'), 'utf8')).status).toBe('invalid');
  });

  it('grade never replaces a result: exit 2 and nothing changed without --force; with it the previous result is kept and both are logged', async () => {
    const word = readFileSync(join(scratch, 'key', 'key.txt'), 'utf8');
    const out = join(scratch, 'results', 'twice');
    const first = await takehome(['grade', echoSubmission('twice-good', word), '--exercise', 'echo', '--candidate', 'ada', '--out', out], SECRET);
    expect(first.code).toBe(0);
    const good = readFileSync(join(out, 'scorecard.json'), 'utf8');
    const again = await takehome(['grade', echoSubmission('twice-empty', undefined), '--exercise', 'echo', '--candidate', 'ada', '--out', out], SECRET);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds a graded result \(status graded\); nothing was graded or changed/);
    expect(again.stderr).toMatch(/--force/);
    expect(readFileSync(join(out, 'scorecard.json'), 'utf8')).toBe(good);
    expect(existsSync(join(out, 'previous'))).toBe(false);
    const forced = await takehome(['grade', echoSubmission('twice-empty', undefined), '--exercise', 'echo', '--candidate', 'ada', '--out', out, '--force'], SECRET);
    expect(forced.code).toBe(1);
    expect(JSON.parse(readFileSync(join(out, 'scorecard.json'), 'utf8')).status).toBe('invalid');
    expect(readFileSync(join(out, 'previous', '1', 'scorecard.json'), 'utf8')).toBe(good);
    const history = readFileSync(join(out, 'history.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; status: string; previous?: string });
    expect(history.map((h) => [h.event, h.status, h.previous])).toEqual([
      ['graded', 'graded', undefined],
      ['regraded', 'invalid', 'previous/1'],
    ]);
  });

  it('grade refuses flags the exercise does not offer, before grading anything', async () => {
    const split = await takehome(['grade', scratch, '--exercise', 'echo', '--candidate', 'ada', '--out', join(scratch, 'x'), '--split', 'dev'], SECRET);
    expect(split.code).toBe(2);
    expect(split.stderr).toMatch(/--split dev: the echo grader always scores its hidden set/);
    const judge = await takehome(['grade', scratch, '--exercise', 'echo', '--candidate', 'ada', '--out', join(scratch, 'x'), '--judge', 'upstream'], SECRET);
    expect(judge.code).toBe(2);
    expect(judge.stderr).toMatch(/no LLM judge/);
    const badMode = await takehome(['grade', scratch, '--exercise', 'echo', '--candidate', 'ada', '--out', join(scratch, 'x'), '--sandbox', 'loose'], SECRET);
    expect(badMode.code).toBe(2);
    expect(badMode.stderr).toMatch(/Allowed choices are auto, isolated, degraded/);
    expect(existsSync(join(scratch, 'x'))).toBe(false);
  });

  it('calibrate: exit 0 when the checks hold, 1 when one fails, with the failing check named', async () => {
    const candidates = 'ada,bob';
    // "right" must hold each candidate's word: write it for the first candidate only, so bob's check fails.
    const word = readFileSync(join(scratch, 'key', 'key.txt'), 'utf8');
    echoSubmission('right', word);
    const ada = await takehome(['calibrate', 'echo', '--candidates', 'ada', '--out', join(scratch, 'cal')], SECRET);
    expect(ada.code).toBe(0);
    expect(ada.stdout).toMatch(/ok {3}ada: echo right beats wrong/);
    expect(existsSync(join(scratch, 'cal', 'ada', 'echo-right', 'scorecard.json'))).toBe(true);
    const both = await takehome(['calibrate', 'echo', '--candidates', candidates, '--out', join(scratch, 'cal2'), '--json'], SECRET);
    expect(both.code).toBe(1);
    const summary = JSON.parse(both.stdout) as { pass: boolean; checks: { candidate: string; pass: boolean }[] };
    expect(summary.pass).toBe(false);
    expect(summary.checks.filter((c) => !c.pass).map((c) => c.candidate)).toEqual(['bob']);
  });

  it('demo: kits, keys and calibration for every exercise of the table, on the demo secret', async () => {
    const r = await takehome(['demo', '--out', join(scratch, 'demo'), '--json']);
    const result = JSON.parse(r.stdout) as { kits: { exercise: string }[]; scorecards: { label: string }[]; pass: boolean };
    expect(result.kits.map((k) => k.exercise)).toEqual(['echo']);
    expect(result.scorecards.map((s) => s.label)).toEqual(['echo/right', 'echo/wrong']);
    // "right" holds ada's word under another secret: on the demo secret it is wrong, so the check fails and the exit code says so.
    expect(result.pass).toBe(false);
    expect(r.code).toBe(1);
    expect(existsSync(join(scratch, 'demo', 'kits', 'echo', 'README.md'))).toBe(true);
    expect(existsSync(join(scratch, 'demo', 'keys', 'echo', 'key.txt'))).toBe(true);
  });

  it('a hiring loop: init makes the folders and a private secret; kit and grade then need no --out, --exercise or --secret-file, and refuse a candidate the loop does not have', async () => {
    const loop = join(scratch, 'loop');
    const init = await takehome(['loop', 'init', loop, '--exercises', 'echo', '--candidates', 'ada,bob', '--interviewers', 'Ines,Omar']);
    expect(init.code).toBe(0);
    expect(statSync(join(loop, 'secret')).mode & 0o777).toBe(0o600);
    expect(statSync(loop).mode & 0o777).toBe(0o700);
    for (const folder of ['kits', 'submissions', 'results', 'reviews']) expect(existsSync(join(loop, folder))).toBe(true);
    expect(readFileSync(join(loop, '.gitignore'), 'utf8')).toMatch(/^secret$/m);

    const kit = await takehome(['kit', 'echo', '--candidate', 'ada', '--loop', loop]);
    expect(kit.code).toBe(0);
    expect(existsSync(join(loop, 'kits', 'echo', 'ada', 'README.md'))).toBe(true);
    const key = await takehome(['key', 'echo', '--candidate', 'ada', '--loop', loop, '--json']);
    const word = readFileSync(join(JSON.parse(key.stdout).out, 'key.txt'), 'utf8');

    const typo = await takehome(['grade', echoSubmission('loop-ada', word), '--candidate', 'adda', '--loop', loop]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/candidate "adda" is not in the loop/);
    expect(typo.stderr).toMatch(/the loop's candidates: ada, bob/);
    expect(existsSync(join(loop, 'results', 'echo', 'adda'))).toBe(false);

    // Inside the loop folder the loop is found without --loop, and its secret is the loop's own.
    let stdout = '';
    const io: CliIO = {
      out: (t) => {
        stdout += t;
      },
      err: () => undefined,
      env: {},
      cwd: join(loop, 'submissions'),
    };
    const code = await main(['node', 'takehome', 'grade', echoSubmission('loop-ada', word), '--candidate', 'ada'], { io, exercises: table });
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(join(loop, 'results', 'echo', 'ada', 'scorecard.json'), 'utf8')).metrics.correct.value).toBe(1);
    expect(stdout).toMatch(/wrote .*results\/echo\/ada\/scorecard\.json/);
  });

  it('a loop file with an unknown exercise names the line and the field', async () => {
    const loop = join(scratch, 'bad-loop');
    mkdirSync(loop);
    writeFileSync(join(loop, 'takehome.loop.yaml'), 'schema: takehome.loop/v1\nexercises:\n  - chess\ncandidates: []\ninterviewers: []\nsecretFile: secret\n');
    const r = await takehome(['kit', 'echo', '--candidate', 'ada', '--loop', loop]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/takehome\.loop\.yaml:3: field exercises\.0: unknown exercise "chess"; the harness offers: echo/);
  });
});
