import { execFile } from 'node:child_process';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { writeFileAtomic } from '../fs';
import { initLoop } from '../loop';
import { readReviewInput } from '../review';
import { HARNESS_ROOT } from '../sandbox';
import type { Scorecard } from '../scorecard';
import { DEMO_SECRET, deriveCandidateSeed } from '../secrets';
import type { CalibrationCheck, Exercise } from './contract';
import { gradeSubmission } from './grade';
import { recordResult } from './results';
import { prepareReview, recordReview } from './review';
import { formatScoreLine, type ScoreOutcome, scoreResult } from './score';

const run = promisify(execFile);

/** The demo loop's candidates: the first is the demo candidate, whose calibration grades are reused. */
export const LOOP_CANDIDATES = [
  { id: 'demo-candidate', name: 'Dana Whitfield', email: 'dana.whitfield@example.com' },
  { id: 'ada-lovelace', name: 'Ada Lovelace', email: 'ada@example.com' },
  { id: 'grace-hopper', name: 'Grace Hopper', email: 'grace.hopper@example.org' },
] as const;
const INTERVIEWERS = ['Ines', 'Omar'] as const;

export interface LoopDemoOptions {
  outDir: string;
  log: (line: string) => void;
  /** The demo candidate's calibration grades by exercise and label: reused, not graded again. */
  graded: ReadonlyMap<string, ReadonlyMap<string, Scorecard>>;
  env: Readonly<Record<string, string | undefined>>;
}

export interface LoopDemoResult {
  loop: string;
  scores: ScoreOutcome[];
  lines: string[];
  checks: CalibrationCheck[];
}

/**
 * A submission as a candidate sends it: the calibration project copied into
 * the loop's submissions/ (without node_modules or an index), as a git
 * repository committed under the candidate's name, with package.json naming
 * its author and NOTES.md signed, so the blind review has names to remove.
 */
async function sendSubmission(source: string, dest: string, who: (typeof LOOP_CANDIDATES)[number]): Promise<void> {
  await cp(source, dest, { recursive: true, filter: (src) => !/(^|\/)(node_modules|\.index|\.git|out)$/.test(src) });
  const pkgPath = join(dest, 'package.json');
  const pkg = JSON.parse(await readFile(pkgPath, 'utf8').catch(() => '{}')) as Record<string, unknown>;
  await writeFile(pkgPath, `${JSON.stringify({ ...pkg, author: `${who.name} <${who.email}>` }, null, 2)}\n`);
  const notes = join(dest, 'NOTES.md');
  const text = await readFile(notes, 'utf8').catch(() => '# Notes\n');
  await writeFile(notes, `${text.trimEnd()}\n\n-- ${who.name} (${who.email})\n`);
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: dest };
  const git = (...args: string[]) => run('git', ['-C', dest, ...args], { env });
  await git('init', '-q');
  await git('add', '-A');
  await git('-c', `user.name=${who.name}`, '-c', `user.email=${who.email}`, 'commit', '-q', '-m', `My take-home, ${who.name}`, '--date', '2026-01-15T12:00:00Z');
}

async function filesUnder(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(entries.filter((e) => e.isFile()).map(async (e) => `${relative(dir, join(e.parentPath, e.name))}\n${await readFile(join(e.parentPath, e.name), 'latin1')}`));
  return texts.join('\n');
}

/**
 * The demo's hiring loop, on the public demo secret: `loop init` in
 * OUT/loop, a kit per candidate, three candidates per exercise "sending" the
 * calibration submissions the exercise names (the demo candidate the
 * reference, whose grade is reused; the others graded into the loop), two
 * interviewers' reviews from the YAML files the exercise ships (the first
 * blind, its anonymised copy checked for the author's name), then `score`.
 */
export async function runLoopDemo(exercises: readonly Exercise[], options: LoopDemoOptions): Promise<LoopDemoResult> {
  const dir = join(resolve(options.outDir), 'loop');
  await rm(dir, { recursive: true, force: true });
  const secretFile = join(resolve(options.outDir), 'loop-secret');
  await writeFileAtomic(secretFile, `${DEMO_SECRET}\n`);
  const withLoop = exercises.filter((e) => e.calibration.demoLoop && e.rubricFile);
  const loop = await initLoop(dir, {
    exercises: withLoop.map((e) => e.id),
    candidates: LOOP_CANDIDATES.map((c) => c.id),
    interviewers: INTERVIEWERS,
    secretFile,
    name: 'takehome demo',
  });
  options.log(`hiring loop in ${dir}: ${withLoop.map((e) => e.id).join(', ')}; candidates ${LOOP_CANDIDATES.map((c) => c.id).join(', ')}; interviewers ${INTERVIEWERS.join(', ')}`);
  const checks: CalibrationCheck[] = [];
  const scores: ScoreOutcome[] = [];
  for (const exercise of withLoop) {
    const demoLoop = exercise.calibration.demoLoop as NonNullable<typeof exercise.calibration.demoLoop>;
    for (const [i, who] of LOOP_CANDIDATES.entries()) {
      const label = demoLoop.labels[i] as string;
      const seed = deriveCandidateSeed(DEMO_SECRET, exercise.id, who.id);
      await exercise.writeKit(loop.kitDir(exercise.id, who.id), seed);
      const source = exercise.calibration.submissions.find((s) => s.label === label);
      if (!source) throw new Error(`the ${exercise.id} demo loop names "${label}", which is not a calibration submission`);
      const sent = join(dir, 'submissions', exercise.id, who.id);
      await sendSubmission(resolve(HARNESS_ROOT, source.dir), sent, who);
      const reused = options.graded.get(exercise.id)?.get(label);
      let scorecard: Scorecard;
      if (reused && reused.candidate === who.id) {
        options.log(`${exercise.id}: ${who.id} sent ${label}; its grade is the demo's calibration grade (same candidate and variant)`);
        scorecard = reused;
      } else {
        options.log(`${exercise.id}: ${who.id} sent ${label}; grading it (variant ${seed.fingerprint}) ...`);
        scorecard = await gradeSubmission(exercise, {
          submissionDir: sent,
          secret: DEMO_SECRET,
          candidate: who.id,
          split: 'hidden',
          sandboxMode: 'auto',
          hidePaths: [join(dir, 'results'), join(dir, 'reviews')],
          env: options.env,
          log: (l) => options.log(`  ${l}`),
        });
      }
      await recordResult(loop.resultsDir(exercise.id, who.id), scorecard);
      for (const [j, interviewer] of INTERVIEWERS.entries()) {
        const session = { exercise, loop, secret: DEMO_SECRET, candidate: who.id, interviewer, blind: j === 0, env: options.env, log: (l: string) => options.log(`  ${l}`) };
        const view = await prepareReview(session);
        if (view.blind && view.submission) {
          const text = await filesUnder(view.submission);
          // The full name, the email and the id in any case; each word of the name as a capitalised word.
          const leaked = [
            ...[who.name, who.email, who.id].filter((n) => text.toLowerCase().includes(n.toLowerCase())),
            ...who.name.split(' ').filter((w) => new RegExp(`(?<![\\p{L}])${w}(?![\\p{L}])`, 'u').test(text)),
          ];
          checks.push({
            candidate: who.id,
            check: `${exercise.id} loop: the blind copy ${interviewer} reviews carries no author name or email`,
            pass: leaked.length === 0,
            detail: leaked.length ? `found ${leaked.length} of the candidate's names in ${view.submission}` : `${view.copy?.files ?? 0} files in ${view.submission}, reviewed as ${view.shownAs}`,
          });
        }
        const file = join(resolve(HARNESS_ROOT, demoLoop.reviews), `${label}.${interviewer.toLowerCase()}.yaml`);
        const reviews = await readReviewInput(file, { manual: view.manual.map((c) => c.criterion), candidateNames: [who.id, view.pseudonym], interviewer });
        await recordReview(session, reviews, new Date('2026-02-01T10:00:00Z'));
        options.log(`  ${interviewer} reviewed ${view.shownAs}${view.blind ? ' (blind)' : ''}: ${reviews.map((r) => `${r.criterion} ${r.level}`).join(', ')}`);
      }
    }
    const outcomes: ScoreOutcome[] = [];
    for (const who of LOOP_CANDIDATES) outcomes.push(await scoreResult(exercise, { loop, secret: DEMO_SECRET, candidate: who.id, env: options.env, log: (l) => options.log(`  ${l}`) }));
    scores.push(...outcomes);
    const totals = outcomes.map((o) => (o.status === 'not-graded' ? null : o.rubric.total.value));
    const [first, ...rest] = totals;
    checks.push({
      candidate: LOOP_CANDIDATES[0].id,
      check: `${exercise.id} loop: the candidate who sent the reference has the highest weighted total`,
      pass: first !== null && first !== undefined && rest.every((t) => t !== null && t < first),
      detail: outcomes.map((o, i) => `${o.candidate} (${demoLoop.labels[i]}) ${totals[i]?.toFixed(2) ?? 'none'}`).join(', '),
    });
  }
  const lines = scores.map(formatScoreLine);
  return { loop: dir, scores, lines, checks };
}
