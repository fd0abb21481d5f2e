import { appendFile, mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors';
import type { Scorecard } from '../scorecard';

/** The files a graded result is made of: moved together, never one without the others. */
const RESULT_FILES = ['scorecard.json', 'report.md', 'report.html'] as const;
export const HISTORY_FILE = 'history.jsonl';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Refuse, before any grading, to grade into a folder that already holds a
 * graded result, unless FORCE: a good scorecard is never replaced by mistake.
 */
export async function assertNoResult(out: string, force: boolean): Promise<void> {
  const path = join(out, 'scorecard.json');
  if (force || !(await exists(path))) return;
  let status = 'unknown';
  try {
    status = String((JSON.parse(await readFile(path, 'utf8')) as { status?: unknown }).status ?? status);
  } catch {
    // an unreadable scorecard is still a result not to overwrite
  }
  throw new UsageError(`${out} already holds a graded result (status ${status}); nothing was graded or changed`, {
    hint: `choose another --out, or pass --force to grade again: the previous result is kept in ${join(out, 'previous')}/ and the change logged in ${join(out, HISTORY_FILE)}`,
  });
}

/**
 * Write a graded result into OUT. A result already there is first moved to
 * OUT/previous/N/ (N counts up), and every write is appended to
 * OUT/history.jsonl with what was graded and by which grader.
 */
export async function recordResult(
  out: string,
  scorecard: Scorecard,
  options: { now?: () => Date; headline?: string | undefined } = {},
): Promise<{ scorecard: string; markdown: string; html: string; previous?: string }> {
  let previous: string | undefined;
  if (await exists(join(out, 'scorecard.json'))) {
    const archive = join(out, 'previous');
    await mkdir(archive, { recursive: true });
    const taken = (await readdir(archive)).map(Number).filter(Number.isInteger);
    previous = join(archive, String(taken.length ? Math.max(...taken) + 1 : 1));
    await mkdir(previous);
    for (const name of RESULT_FILES) if (await exists(join(out, name))) await rename(join(out, name), join(previous, name));
  }
  // Loaded here, not at the top: `grade` checks assertNoResult before its first line, and the reports pull in vega.
  const { writeGradeOutputs } = await import('../report');
  const paths = await writeGradeOutputs(out, scorecard, { headline: options.headline });
  const entry = {
    at: (options.now?.() ?? new Date()).toISOString(),
    event: previous ? 'regraded' : 'graded',
    exercise: scorecard.exercise,
    candidate: scorecard.candidate,
    variant: scorecard.variant,
    status: scorecard.status,
    graderVersion: scorecard.provenance?.graderVersion ?? null,
    harnessCommit: scorecard.provenance?.harnessCommit ?? null,
    ...(scorecard.provenance?.submission
      ? { submission: { kind: scorecard.provenance.submission.kind, commit: scorecard.provenance.submission.commit, contentHash: scorecard.provenance.submission.contentHash } }
      : {}),
    ...(previous ? { previous: `previous/${previous.split('/').pop()}` } : {}),
  };
  await appendHistory(out, entry);
  return { ...paths, ...(previous ? { previous } : {}) };
}

/** Append one event to OUT/history.jsonl (0600): the log of every change to a candidate's result. */
export async function appendHistory(out: string, entry: Record<string, unknown>): Promise<void> {
  await appendFile(join(out, HISTORY_FILE), `${JSON.stringify(entry)}\n`, { mode: 0o600 });
}
