import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Exercise, ExerciseTable } from '../exercise';
import { referenceOnVariant } from '../exercise/reference';
import { withKitIdentity, writeKitRepository } from '../kit';
import { SCORECARD_SCHEMA, type Scorecard, scorecardSchema } from '../scorecard';
import { createStream } from '../secrets';
import type { CliIO, Prompts } from './context';
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

/** The echo rubric: correctness relative to the reference on the same variant, a manual criterion, and one both automatic and manual. */
const ECHO_RUBRIC = `schema: takehome.rubric/v1
exercise: echo
criteria:
  - id: correctness
    title: Correctness
    weight: 0.5
    levels: { 1: wrong, 2: weak, 3: right, 4: as the reference }
    auto: { metric: correct, better: higher, relativeToReference: true, thresholds: [0.5, 0.8, 0.95] }
  - id: notes
    title: Notes
    weight: 0.3
    manual: true
    guidance: read NOTES.md
    evidence: { metrics: [length] }
    levels: { 1: none, 2: thin, 3: clear, 4: excellent }
  - id: code
    title: Code
    weight: 0.2
    manual: true
    guidance: read the code
    auto: { metric: correct, better: higher, thresholds: [0.25, 0.5, 0.75] }
    levels: { 1: none, 2: rough, 3: clean, 4: exemplary }
`;
const echoRubricFile = join(scratch, 'echo-rubric.yaml');
writeFileSync(echoRubricFile, ECHO_RUBRIC);
/** The reference's own source: its hash keys the reference cache. */
const echoReferenceDir = join(scratch, 'echo-reference');
mkdirSync(echoReferenceDir);
writeFileSync(join(echoReferenceDir, 'README.md'), 'the echo reference writes the right word\n');
mkdirSync(join(scratch, 'demo-reviews'));
for (const label of ['right', 'wrong'])
  for (const [who, level] of [
    ['ines', label === 'right' ? 4 : 2],
    ['omar', label === 'right' ? 3 : 1],
  ] as const)
    writeFileSync(join(scratch, 'demo-reviews', `${label}.${who}.yaml`), `levels:\n  notes: { level: ${level}, note: demo }\n  code: { level: ${level}, note: demo }\n`);
/** How many times the echo reference was graded, per variant: once each, then cached. */
const referenceGrades = new Map<string, number>();

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
      { label: 'right', dir: join(scratch, 'submissions', 'right'), rubric: { strong: true } },
      { label: 'wrong', dir: echoSubmission('wrong', 'nope'), rubric: { fails: ['correctness', 'code'] } },
    ],
    reference: 'right',
    demoLoop: { labels: ['right', 'wrong', 'wrong'], reviews: join(scratch, 'demo-reviews') },
    tableMetrics: ['correct'],
    checks: (candidate, grades) => [
      { candidate, check: 'right beats wrong', pass: (grades.get('right')?.metrics.correct?.value ?? 0) > (grades.get('wrong')?.metrics.correct?.value ?? 0), detail: 'correct' },
    ],
  },
  rubricFile: echoRubricFile,
  referenceScorecard: (request) =>
    referenceOnVariant({ exercise: 'echo', graderVersion: '0.0.1', dir: echoReferenceDir }, request, async () => {
      const { deriveCandidateSeed } = await import('../secrets');
      const seed = deriveCandidateSeed(request.secret, 'echo', request.candidate);
      referenceGrades.set(seed.fingerprint, (referenceGrades.get(seed.fingerprint) ?? 0) + 1);
      return echo.grade({ ...request, submissionDir: echoSubmission(`reference-${seed.fingerprint}`, wordFor(seed)), split: 'hidden' });
    }),
};

const table: ExerciseTable = { echo: async () => echo };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function takehome(args: string[], env: NodeJS.ProcessEnv = {}, extra: Partial<CliIO> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    out: (s) => {
      stdout += s;
    },
    err: (s) => {
      stderr += s;
    },
    env: { NO_COLOR: '1', TAKEHOME_REFERENCE_CACHE: join(scratch, 'reference-cache'), ...env },
    ...extra,
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
    // The rubric checks: the reference at level 3 or 4 on every automatic criterion, the wrong one at 1 or 2 on what it fails.
    expect(ada.stdout).toMatch(/ok {3}ada: echo rubric: right at level 3 or 4 on every automatic criterion \(correctness 4, code 4\)/);
    expect(ada.stdout).toMatch(/ok {3}ada: echo rubric: wrong at level 1 or 2 on correctness, code \(correctness 1, code 1\)/);
    expect(existsSync(join(scratch, 'cal', 'ada', 'echo-right', 'scorecard.json'))).toBe(true);
    const both = await takehome(['calibrate', 'echo', '--candidates', candidates, '--out', join(scratch, 'cal2'), '--json'], SECRET);
    expect(both.code).toBe(1);
    const summary = JSON.parse(both.stdout) as { pass: boolean; checks: { candidate: string; check: string; pass: boolean; detail: string }[] };
    expect(summary.pass).toBe(false);
    expect(summary.checks.filter((c) => !c.pass).map((c) => c.candidate)).toEqual(['bob', 'bob', 'bob']);
    // bob's "right" holds ada's word: the reference scores 0, so no relative level can be had and the rubric check says why.
    expect(summary.checks.find((c) => c.check.startsWith('rubric: right'))?.pass).toBe(true);
    expect(summary.checks.filter((c) => c.candidate === 'bob' && c.check.startsWith('rubric: right'))[0]).toMatchObject({
      pass: false,
      detail: expect.stringMatching(/correctness none \(.*no positive reference value/),
    });
  });

  it('demo: kits, keys and calibration for every exercise of the table, on the demo secret', async () => {
    const r = await takehome(['demo', '--out', join(scratch, 'demo'), '--json']);
    if (!r.stdout) throw new Error(r.stderr);
    const result = JSON.parse(r.stdout) as {
      kits: { exercise: string }[];
      scorecards: { label: string }[];
      pass: boolean;
      checks: { check: string; pass: boolean }[];
      loop: { dir: string; lines: string[] };
    };
    expect(result.kits.map((k) => k.exercise)).toEqual(['echo']);
    expect(result.scorecards.map((s) => s.label)).toEqual(['echo/right', 'echo/wrong']);
    // "right" holds ada's word under another secret: on the demo secret it is wrong, so the check fails and the exit code says so.
    expect(result.pass).toBe(false);
    expect(r.code).toBe(1);
    expect(existsSync(join(scratch, 'demo', 'kits', 'echo', 'README.md'))).toBe(true);
    expect(existsSync(join(scratch, 'demo', 'keys', 'echo', 'key.txt'))).toBe(true);
    // The hiring loop: three candidates, two interviewers' reviews, one scored line each; every blind copy checked.
    expect(result.loop.lines).toHaveLength(3);
    expect(result.loop.lines[1]).toMatch(/^echo ada-lovelace +\d\.\d\d \[\d\.\d\d, \d\.\d\d\] of 4; 0 missing$/);
    const blind = result.checks.filter((c) => /blind copy Ines reviews carries no author name/.test(c.check));
    expect(blind.map((c) => c.pass)).toEqual([true, true, true]);
    expect(existsSync(join(result.loop.dir, 'results', 'echo', 'grace-hopper', 'scorecard.json'))).toBe(true);
  });

  it('a hiring loop: init makes the folders and a private secret; kit and grade then need no --out, --exercise or --secret-file, and refuse a candidate the loop does not have', async () => {
    const loop = join(scratch, 'loop');
    const init = await takehome(['loop', 'init', loop, '--exercises', 'echo', '--candidates', 'ada,bob', '--interviewers', 'Ines,Omar']);
    expect(init.code).toBe(0);
    expect(statSync(join(loop, 'secret')).mode & 0o777).toBe(0o600);
    expect(statSync(loop).mode & 0o777).toBe(0o700);
    for (const folder of ['kits', 'submissions', 'results', 'reviews']) expect(existsSync(join(loop, folder))).toBe(true);
    expect(readFileSync(join(loop, '.gitignore'), 'utf8')).toMatch(/^secret$/m);
    expect(readFileSync(join(loop, '.gitattributes'), 'utf8')).toMatch(/^reviews\/\*\*\/reviews\.jsonl merge=union$/m);

    const kit = await takehome(['kit', 'echo', '--candidate', 'ada', '--loop', loop]);
    expect(kit.code).toBe(0);
    expect(existsSync(join(loop, 'kits', 'echo', 'ada', 'README.md'))).toBe(true);
    const key = await takehome(['key', 'echo', '--candidate', 'ada', '--loop', loop, '--json']);
    const word = readFileSync(join(JSON.parse(key.stdout).out, 'key.txt'), 'utf8');

    // variant: the loop's secret (the kit's own fingerprint), and only the loop's candidates.
    const variant = await takehome(['variant', '--exercise', 'echo', '--candidate', 'ada', '--loop', loop, '--json']);
    expect(variant.code, variant.stderr).toBe(0);
    expect(JSON.parse(variant.stdout).fingerprint).toBe(JSON.parse(readFileSync(join(loop, 'kits', 'echo', 'ada', 'takehome.kit.json'), 'utf8')).variant);
    expect((await takehome(['variant', '--exercise', 'echo', '--candidate', 'adda', '--loop', loop])).code).toBe(2);

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

    // An archive graded in a loop is kept unpacked under submissions/, where review reads it.
    const archive = join(scratch, 'bob.tar.gz');
    execFileSync('tar', ['czf', archive, '-C', echoSubmission('loop-bob', 'a guess'), '.']);
    const bob = await takehome(['grade', archive, '--candidate', 'bob', '--loop', loop]);
    expect(bob.code, bob.stderr).toBe(0);
    expect(bob.stdout).toMatch(/kept what was graded in .*submissions\/echo\/bob/);
    expect(readFileSync(join(loop, 'submissions', 'echo', 'bob', 'answer.txt'), 'utf8')).toBe('a guess');
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

describe('review and score in a hiring loop, on the fake exercise', () => {
  const loop = join(scratch, 'review-loop');
  const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'pipe', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
  const yaml = (name: string, text: string) => {
    const path = join(scratch, `${name}.yaml`);
    writeFileSync(path, text);
    return path;
  };
  const allFiles = (dir: string): string =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => `${join(e.parentPath, e.name)}\n${readFileSync(join(e.parentPath, e.name), 'utf8')}`)
      .join('\n');
  let pseudonym = '';

  it('grades two candidates of a loop, from submissions sent as git repositories with their authors', async () => {
    expect((await takehome(['loop', 'init', loop, '--exercises', 'echo', '--candidates', 'ada-lovelace,bob', '--interviewers', 'Ines,Omar'])).code).toBe(0);
    const secret = readFileSync(join(loop, 'secret'), 'utf8').trim();
    const { deriveCandidateSeed } = await import('../secrets');
    for (const [candidate, answer] of [
      ['ada-lovelace', wordFor(deriveCandidateSeed(secret, 'echo', 'ada-lovelace'))],
      ['bob', 'nope'],
    ] as const) {
      const dir = join(loop, 'submissions', 'echo', candidate);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'answer.txt'), answer);
      writeFileSync(join(dir, 'NOTES.md'), `Notes by Ada Lovelace (ada@example.com).\n`);
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'echo', author: 'Ada Lovelace <ada@example.com>' }));
      git(dir, 'init', '-q');
      git(dir, 'add', '-A');
      git(dir, '-c', 'user.name=Augusta King', '-c', 'user.email=augusta@example.net', 'commit', '-qm', 'my answer');
      const r = await takehome(['grade', dir, '--candidate', candidate, '--loop', loop]);
      expect(r.code, r.stderr).toBe(0);
    }
  });

  it('review --show is blind: a pseudonym, an anonymised copy without author names or emails, no other levels before your own', async () => {
    const r = await takehome(['review', 'ada-lovelace', '--interviewer', 'Ines', '--show', '--loop', loop]);
    expect(r.code, r.stderr).toBe(0);
    pseudonym = /^echo review of (anon-[a-z2-7]{8}) \(blind/.exec(r.stdout)?.[1] ?? '';
    expect(pseudonym).not.toBe('');
    expect(r.stdout).not.toMatch(/ada|lovelace/i);
    expect(r.stdout).toMatch(/Correctness \(50%\): level 4; correct 1\.000 = 1\.000 x the reference's 1\.000/);
    expect(r.stdout).toMatch(/evidence: length \d/);
    expect(r.stdout).toMatch(/other interviewers' levels are shown once yours are saved on every manual criterion \(not yet: notes, code\)/);
    const copy = join(loop, 'reviews', 'echo', pseudonym, 'submission');
    const text = allFiles(copy);
    for (const leak of ['Ada', 'Lovelace', 'ada@example.com', 'Augusta', 'King', 'example.net']) expect(text).not.toContain(leak);
    expect(existsSync(join(copy, '.git'))).toBe(false);
    expect(text).toMatch(/Notes by \[name\] \(\[email\]\)/);
  });

  it('review --from records levels; a reviewer cannot see the others until all of theirs are saved; a change supersedes and the history stays', async () => {
    const omar = await takehome([
      'review',
      pseudonym,
      '--interviewer',
      'Omar',
      '--from',
      yaml('omar', 'levels:\n  notes: { level: 2, note: OMAR-NOTE thin }\n  code: { level: 3, note: clean }\n'),
      '--loop',
      loop,
    ]);
    expect(omar.code, omar.stderr).toBe(0);
    expect(omar.stdout).toMatch(/saved 2 level\(s\) for anon-/);
    expect(omar.stdout).toMatch(/no other interviewer has reviewed yet/);

    const inesBefore = await takehome(['review', 'ada-lovelace', '--interviewer', 'Ines', '--show', '--loop', loop]);
    expect(inesBefore.stdout).not.toMatch(/OMAR-NOTE|Omar/);
    const partial = await takehome(['review', 'ada-lovelace', '--interviewer', 'Ines', '--from', yaml('ines1', 'levels:\n  notes: { level: 4, note: excellent }\n'), '--loop', loop]);
    expect(partial.code).toBe(0);
    expect(partial.stdout).not.toMatch(/OMAR-NOTE/);
    expect(partial.stdout).toMatch(/not yet: code/);
    const complete = await takehome(['review', 'ada-lovelace', '--interviewer', 'Ines', '--from', yaml('ines2', 'levels:\n  code: { level: 3, note: fine }\n'), '--loop', loop]);
    expect(complete.stdout).toMatch(/other interviewers' levels:\n {2}notes: Omar 2 \(OMAR-NOTE thin\)/);

    const change = await takehome(['review', 'ada-lovelace', '--interviewer', 'Omar', '--from', yaml('omar2', 'levels:\n  notes: { level: 3, note: reread }\n'), '--loop', loop]);
    expect(change.stdout).toMatch(/superseding earlier ones; the history stays/);
    const log = readFileSync(join(loop, 'reviews', 'echo', pseudonym, 'reviews.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { interviewer: string; criterion: string; level: number; id: string; supersedes: string | null; pseudonym: string });
    expect(log.map((e) => [e.interviewer, e.criterion, e.level])).toEqual([
      ['Omar', 'notes', 2],
      ['Omar', 'code', 3],
      ['Ines', 'notes', 4],
      ['Ines', 'code', 3],
      ['Omar', 'notes', 3],
    ]);
    expect(log[4]?.supersedes).toBe(log[0]?.id);
    expect(JSON.stringify(log)).not.toMatch(/ada|lovelace/i);
  });

  it('review refuses a malformed file (line and field), a stranger, and prompting without a terminal: exit 2, nothing saved', async () => {
    const before = readFileSync(join(loop, 'reviews', 'echo', pseudonym, 'reviews.jsonl'), 'utf8');
    const bad = await takehome([
      'review',
      'ada-lovelace',
      '--interviewer',
      'Ines',
      '--from',
      yaml('bad', 'levels:\n  notes:\n    level: 9\n    note: x\n  correctness: { level: 1, note: y }\n'),
      '--loop',
      loop,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml:3: field levels\.notes\.level: a level is 1 to 4/);
    const automatic = await takehome([
      'review',
      'ada-lovelace',
      '--interviewer',
      'Ines',
      '--from',
      yaml('auto', 'levels:\n  notes: { level: 2, note: x }\n  correctness: { level: 1, note: y }\n'),
      '--loop',
      loop,
    ]);
    expect(automatic.code).toBe(2);
    expect(automatic.stderr).toMatch(/auto\.yaml:3: field levels\.correctness: "correctness" is not a criterion an interviewer levels; the manual criteria: notes, code/);
    const stranger = await takehome(['review', 'ada-lovelace', '--interviewer', 'Mallory', '--show', '--loop', loop]);
    expect(stranger.code).toBe(2);
    expect(stranger.stderr).toMatch(/interviewer "Mallory" is not in the loop/);
    const pipe = await takehome(['review', 'ada-lovelace', '--interviewer', 'Ines', '--loop', loop]);
    expect(pipe.code).toBe(2);
    expect(pipe.stderr).toMatch(/not a terminal.*\n.*--from FILE\.yaml/);
    expect(readFileSync(join(loop, 'reviews', 'echo', pseudonym, 'reviews.jsonl'), 'utf8')).toBe(before);
  });

  it('review on a terminal asks a level and a note per manual criterion, and saves only when confirmed', async () => {
    const asked: string[] = [];
    const prompts: Prompts = {
      select: async (o) => {
        asked.push(o.message);
        return 1 as never;
      },
      input: async (o) => {
        asked.push(o.message);
        return 'asked on a terminal';
      },
      confirm: async () => true,
    };
    const r = await takehome(['review', 'bob', '--interviewer', 'Ines', '--loop', loop], {}, { interactive: true, prompts });
    expect(r.code, r.stderr).toBe(0);
    expect(asked).toEqual(['Notes: level?', 'Notes: why (a note for the other interviewers)?', 'Code: level?', 'Code: why (a note for the other interviewers)?']);
    expect(r.stdout).toMatch(/saved 2 level\(s\) for anon-/);
  });

  it('score merges automatic levels and reviews into each scorecard: median, spread, interval, missing; one line per candidate; the reference graded once per variant', async () => {
    const r = await takehome(['score', '--loop', loop]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    // ada: correctness 4 (0.5); notes median(3 Omar, 4 Ines) = 3.5, range 3-4 (0.3); code median(3, 3) = 3 (0.2) -> 2 + 1.05 + 0.6 = 3.65 [3.5, 3.8]
    expect(lines[0]).toBe('echo ada-lovelace         3.65 [3.50, 3.80] of 4; 0 missing');
    // bob: correctness 0 / 1 -> level 1; notes 1 and code 1 by Ines only -> 1.00
    expect(lines[1]).toBe('echo bob                  1.00 [1.00, 1.00] of 4; 0 missing');
    const sc = scorecardSchema.parse(JSON.parse(readFileSync(join(loop, 'results', 'echo', 'ada-lovelace', 'scorecard.json'), 'utf8')));
    const notes = sc.rubric?.criteria.find((c) => c.criterion === 'notes');
    expect(notes).toMatchObject({ source: 'manual', level: 3.5, range: { low: 3, high: 4 } });
    expect(notes?.evidence).toBe('median of 2 interviewers (Ines 4, Omar 3), spread 1');
    expect(sc.rubric?.headline).toEqual({ metric: 'correct', raw: 1, reference: 1, relative: 1 });
    expect(readFileSync(join(loop, 'results', 'echo', 'ada-lovelace', 'report.md'), 'utf8')).toMatch(/rubric total: \*\*3\.65 of 4 \[3\.5, 3\.8\]\*\*/);
    const history = () =>
      readFileSync(join(loop, 'results', 'echo', 'ada-lovelace', 'history.jsonl'), 'utf8')
        .trim()
        .split('\n');
    expect(JSON.parse(history().at(-1) ?? '{}')).toMatchObject({ event: 'scored', total: 3.65, missing: [] });
    const events = history().length;
    const again = await takehome(['score', 'ada-lovelace', '--loop', loop]);
    expect(again.stdout.trim()).toBe(lines[0]);
    expect(history().length).toBe(events);
    // Two candidates, two variants, each reference graded once (the second score read the cache).
    const secret = readFileSync(join(loop, 'secret'), 'utf8').trim();
    const { deriveCandidateSeed } = await import('../secrets');
    expect(['ada-lovelace', 'bob'].map((c) => referenceGrades.get(deriveCandidateSeed(secret, 'echo', c).fingerprint))).toEqual([1, 1]);
  });

  it('score names what is missing: a manual criterion nobody reviewed, a candidate not graded yet', async () => {
    const loop2 = join(scratch, 'review-loop-2');
    await takehome(['loop', 'init', loop2, '--exercises', 'echo', '--candidates', 'cy,dee', '--interviewers', 'Ines']);
    const secret = readFileSync(join(loop2, 'secret'), 'utf8').trim();
    const { deriveCandidateSeed } = await import('../secrets');
    await takehome(['grade', echoSubmission('cy-sent', wordFor(deriveCandidateSeed(secret, 'echo', 'cy'))), '--candidate', 'cy', '--loop', loop2]);
    const r = await takehome(['score', '--loop', loop2]);
    // cy: correctness 4 and code automatic 4 (nobody reviewed it: the automatic level stands); notes missing.
    expect(r.stdout).toBe('echo cy                   4.00 [4.00, 4.00] of 4; 1 missing (notes)\necho dee                  not graded yet\n');
  });
});
