import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors';
import type { Loop } from '../loop';
import { appendReviews, type BlindCopyReport, currentEntries, type NewReview, pseudonymFor, readReviewLog, type ReviewEntry, writeBlindCopy } from '../review';
import { type AutoLevel, autoLevel, type Criterion } from '../rubric';
import { readScorecard, type Scorecard } from '../scorecard';
import type { Exercise } from './contract';
import { type LoadedRubric, loadExerciseRubric } from './rubric';
import { referenceFor, reviewLogPath } from './score';

export interface ReviewSession {
  exercise: Exercise;
  loop: Loop;
  secret: string;
  /** The candidate's id (the CLI resolves a pseudonym to it). */
  candidate: string;
  interviewer: string;
  /** Blind (the default): the reviewer sees the pseudonym and an anonymised copy. */
  blind: boolean;
  /** The submission to review; default LOOP/submissions/EXERCISE/CANDIDATE when it exists. */
  submissionDir?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  log?: ((line: string) => void) | undefined;
}

export interface ManualCriterionView {
  criterion: string;
  title: string;
  weight: number;
  guidance: string;
  levels: Criterion['levels'];
  /** The automatic level, for a criterion that is both: evidence until reviewed. */
  auto: AutoLevel | null;
  /** The scorecard metrics and items the rubric names as this criterion's evidence, one line each. */
  evidence: string[];
  /** This interviewer's current level, if saved. */
  own: { level: number; note: string; at: string } | null;
}

export interface ReviewView {
  exercise: string;
  /** What the reviewer calls the candidate: the pseudonym when blind, else the id. */
  shownAs: string;
  pseudonym: string;
  interviewer: string;
  blind: boolean;
  /** The folder to read: the anonymised copy when blind, else the submission; null when there is none. */
  submission: string | null;
  copy: BlindCopyReport | null;
  scorecard: Scorecard['status'] | 'not graded';
  automatic: (AutoLevel & { title: string; weight: number })[];
  manual: ManualCriterionView[];
  /** Other interviewers' current levels: null until this interviewer has saved a level on every manual criterion. */
  others: { interviewer: string; criterion: string; level: number; note: string }[] | null;
  othersHidden: string | null;
  rubricSha256: string;
}

/** A candidate named on the command line by id or pseudonym, to its id (in the loop's list). */
export function resolveCandidate(loop: Loop, secret: string, name: string): string {
  if (loop.config.candidates.includes(name)) return name;
  const found = loop.config.candidates.find((c) => pseudonymFor(secret, c) === name);
  if (found) return found;
  throw new UsageError(`"${name}" is neither a candidate nor a candidate's pseudonym in the loop in ${loop.dir}`, {
    hint: "ask the hiring lead for the pseudonym, or add the candidate's id to takehome.loop.yaml",
  });
}

function itemLine(sc: Scorecard, id: string): string {
  const item = sc.items.find((i) => i.id === id);
  if (!item) return `item ${id}: not in the scorecard`;
  const verdicts = Object.entries(item.verdicts).map(([name, v]) => `${name}: ${v.pass === null ? '' : v.pass ? 'pass; ' : 'fail; '}${v.reason}`);
  return `item ${id}: ${verdicts.join(' | ') || item.status}`;
}

function metricLine(sc: Scorecard, name: string): string {
  const m = sc.metrics[name];
  if (!m || m.value === null) return `${name}: no value`;
  return `${name} ${m.value.toFixed(3)}${m.interval ? ` [${m.interval.low.toFixed(3)}, ${m.interval.high.toFixed(3)}]` : ''}`;
}

async function sessionState(session: ReviewSession): Promise<{ loaded: LoadedRubric; scorecard?: Scorecard; reference?: Scorecard; entries: ReviewEntry[]; pseudonym: string }> {
  const { exercise, loop } = session;
  const loaded = await loadExerciseRubric(exercise);
  const pseudonym = pseudonymFor(session.secret, session.candidate);
  const path = join(loop.resultsDir(exercise.id, session.candidate), 'scorecard.json');
  const scorecard = existsSync(path) ? await readScorecard(path) : undefined;
  // Blind: the grader's log lines name the candidate, so they are not shown.
  const log = session.blind ? undefined : session.log;
  if (scorecard && session.blind) session.log?.("the reference's result on this variant (graded once, if not cached) ...");
  const { reference } = scorecard ? await referenceFor(exercise, loaded, scorecard, { ...session, log }) : {};
  const entries = currentEntries(await readReviewLog(reviewLogPath(loop, exercise.id, session.secret, session.candidate)));
  return { loaded, ...(scorecard ? { scorecard } : {}), ...(reference ? { reference } : {}), entries, pseudonym };
}

/**
 * What `takehome review` shows before anything is recorded: the manual
 * criteria with their guidance, level descriptors and evidence, every
 * automatic level, and the submission to read (blind: the anonymised copy in
 * LOOP/reviews/EXERCISE/PSEUDONYM/submission/, made afresh). Other
 * interviewers' levels only once this interviewer has saved their own on
 * every manual criterion.
 */
export async function prepareReview(session: ReviewSession): Promise<ReviewView> {
  const { exercise, loop } = session;
  const state = await sessionState(session);
  const { rubric } = state.loaded;
  const source = session.submissionDir ?? join(loop.dir, 'submissions', exercise.id, session.candidate);
  let submission: string | null = null;
  let copy: BlindCopyReport | null = null;
  if (existsSync(source) && !statSync(source).isDirectory())
    throw new UsageError(`--submission ${source} is not a folder`, { hint: 'unpack the archive or bundle into a folder (e.g. LOOP/submissions/EXERCISE/CANDIDATE/) and pass that folder' });
  if (existsSync(source)) {
    if (session.blind) {
      submission = join(loop.reviewsDir(exercise.id, state.pseudonym), 'submission');
      const words = session.candidate.split(/[._-]+/).filter(Boolean);
      copy = await writeBlindCopy(source, submission, [session.candidate, words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ')]);
    } else submission = source;
  } else if (session.submissionDir) throw new UsageError(`--submission ${session.submissionDir} does not exist`);
  const sc = state.scorecard;
  const auto = (c: Criterion) => (c.auto && sc ? autoLevel(c, sc, state.reference) : null);
  const own = state.entries.filter((e) => e.interviewer === session.interviewer);
  const manualIds = rubric.criteria.filter((c) => c.manual).map((c) => c.id);
  const unsaved = manualIds.filter((id) => !own.some((e) => e.criterion === id));
  return {
    exercise: exercise.id,
    shownAs: session.blind ? state.pseudonym : session.candidate,
    pseudonym: state.pseudonym,
    interviewer: session.interviewer,
    blind: session.blind,
    submission,
    copy,
    scorecard: sc?.status ?? 'not graded',
    automatic: rubric.criteria.flatMap((c) => {
      const a = c.manual ? null : auto(c);
      return a ? [{ ...a, title: c.title, weight: c.weight }] : [];
    }),
    manual: rubric.criteria
      .filter((c) => c.manual)
      .map((c) => {
        const mine = own.find((e) => e.criterion === c.id);
        return {
          criterion: c.id,
          title: c.title,
          weight: c.weight,
          guidance: c.guidance ?? '',
          levels: c.levels,
          auto: auto(c),
          evidence: sc ? [...(c.evidence?.metrics ?? []).map((m) => metricLine(sc, m)), ...(c.evidence?.items ?? []).map((i) => itemLine(sc, i))] : [],
          own: mine ? { level: mine.level, note: mine.note, at: mine.at } : null,
        };
      }),
    others:
      unsaved.length === 0
        ? state.entries.filter((e) => e.interviewer !== session.interviewer).map((e) => ({ interviewer: e.interviewer, criterion: e.criterion, level: e.level, note: e.note }))
        : null,
    othersHidden: unsaved.length === 0 ? null : `other interviewers' levels are shown once yours are saved on every manual criterion (not yet: ${unsaved.join(', ')})`,
    rubricSha256: state.loaded.sha256,
  };
}

/** Append this interviewer's levels to the candidate's review log (each superseding their previous one on that criterion). */
export async function recordReview(session: ReviewSession, reviews: readonly NewReview[], now = new Date()): Promise<ReviewEntry[]> {
  const loaded = await loadExerciseRubric(session.exercise);
  const manual = loaded.rubric.criteria.filter((c) => c.manual).map((c) => c.id);
  const bad = reviews.filter((r) => !manual.includes(r.criterion) || !Number.isInteger(r.level) || r.level < 1 || r.level > 4 || r.note.trim() === '');
  if (bad.length) throw new UsageError(`not a valid review: ${bad.map((r) => r.criterion).join(', ')}`, { hint: `level 1-4 and a note for each of: ${manual.join(', ')}` });
  return appendReviews(
    reviewLogPath(session.loop, session.exercise.id, session.secret, session.candidate),
    { exercise: session.exercise.id, pseudonym: pseudonymFor(session.secret, session.candidate), interviewer: session.interviewer, blind: session.blind, rubricSha256: loaded.sha256, at: now },
    reviews,
  );
}

const LEVEL_NAMES = ['', 'strong no', 'no', 'yes', 'strong yes'];

/** The view as text for the terminal. */
export function renderReviewView(view: ReviewView): string {
  const out = [`${view.exercise} review of ${view.shownAs}${view.blind ? ' (blind: a pseudonym and an anonymised copy)' : ''} by ${view.interviewer}`];
  out.push(
    view.submission ? `submission to read: ${view.submission}${view.copy ? ` (${view.copy.files} files; what was anonymised: REVIEW-COPY.md)` : ''}` : 'submission: none found (pass --submission DIR)',
  );
  out.push(`scorecard: ${view.scorecard}`, '', 'Automatic levels (evidence):');
  for (const a of view.automatic)
    out.push(
      `  ${a.title} (${Math.round(a.weight * 100)}%): ${a.level === null ? 'none' : `level ${a.level}${a.range && a.range.low !== a.range.high ? ` (${a.range.low}-${a.range.high})` : ''}`}; ${a.reason}`,
    );
  out.push('', 'To level (1 strong no, 2 no, 3 yes, 4 strong yes):');
  for (const c of view.manual) {
    out.push(`  ${c.title} [${c.criterion}] (${Math.round(c.weight * 100)}%)`, `    guidance: ${c.guidance}`);
    for (const l of [1, 2, 3, 4] as const) out.push(`    ${l} ${LEVEL_NAMES[l]}: ${c.levels[l]}`);
    if (c.auto) out.push(`    automatic evidence: ${c.auto.level === null ? 'none' : `level ${c.auto.level}`}; ${c.auto.reason}`);
    for (const e of c.evidence) out.push(`    evidence: ${e}`);
    if (c.own) out.push(`    your level: ${c.own.level} (${c.own.note})`);
  }
  out.push('', renderOthers(view));
  return out.join('\n');
}

/** Other interviewers' levels, or why they are hidden. */
export function renderOthers(view: ReviewView): string {
  if (view.others === null) return view.othersHidden ?? '';
  if (view.others.length === 0) return 'no other interviewer has reviewed yet';
  return ["other interviewers' levels:", ...view.others.map((o) => `  ${o.criterion}: ${o.interviewer} ${o.level} (${o.note})`)].join('\n');
}
