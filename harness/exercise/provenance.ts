import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HARNESS_ROOT } from '../sandbox';
import type { Scorecard } from '../scorecard';

let cached: { commit: string | null; dirty: boolean } | undefined;

/** The harness's git commit when it runs from a checkout (null otherwise, e.g. an npm install), and whether the tree had uncommitted changes. */
export function harnessCommit(): { commit: string | null; dirty: boolean } {
  if (cached) return cached;
  cached = { commit: null, dirty: false };
  if (!existsSync(join(HARNESS_ROOT, '.git'))) return cached;
  try {
    const git = (...args: string[]) => execFileSync('git', ['-C', HARNESS_ROOT, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
    cached = { commit: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain', '--untracked-files=no') !== '' };
  } catch {
    // git missing or not a repository: no commit to record.
  }
  return cached;
}

/** What a scorecard records of the graded submission: provenance.submission (see harness/submission/open.ts). */
export type GradedSubmissionProvenance = NonNullable<NonNullable<Scorecard['provenance']>['submission']>;

/**
 * What a scorecard names of how it was made: the exercise's grader version and
 * the harness commit, and, when known, what was graded (the submission's
 * commit and content hash).
 */
export function withProvenance(scorecard: Scorecard, graderVersion: string, submission?: GradedSubmissionProvenance): Scorecard {
  const { commit, dirty } = harnessCommit();
  return { ...scorecard, provenance: { graderVersion, harnessCommit: commit, harnessDirty: dirty, ...(submission ? { submission } : {}) } };
}
