import type { Scorecard } from '../scorecard';
import type { CandidateSeed } from '../secrets';

/**
 * The contract every exercise fulfils. The CLI, `calibrate` and the demo read
 * a typed table of these (exercises/index.ts) and never branch on an exercise
 * id: what differs between exercises lives in the exercise's own object.
 * Adding an exercise is one folder with an index.ts that exports one of these,
 * and one entry in the table.
 */
export interface Exercise<M extends string = string, L extends string = string> {
  id: string;
  title: string;
  /**
   * Moves whenever how a score is computed changes (with a CHANGELOG.md entry);
   * recorded in every scorecard so a grade names the rules it was made by.
   */
  graderVersion: string;
  /** Every metric name its scorecards carry. */
  metrics: readonly M[];
  /** The one number a candidate is ranked by, with its interval. */
  headline: M;
  /** The columns of the terminal table after a grade. */
  summaryMetrics: readonly M[];
  /** What `grade` accepts beyond the common flags; the CLI refuses the others for this exercise. */
  features: ExerciseFeatures;
  writeKit(outDir: string, seed: CandidateSeed): Promise<KitWritten>;
  writeKey(outDir: string, seed: CandidateSeed): Promise<KeyWritten>;
  /** Run (sandboxed) and score one submission; never throws for a bad submission: the scorecard says invalid, with the problems. */
  grade(request: GradeRequest): Promise<Scorecard>;
  calibration: Calibration<L>;
  /** The exercise's rubric (exercises/<id>/rubric.yaml, harness/rubric): what `score` levels, `review` asks and the kit's RUBRIC.md shows. */
  rubricFile?: string;
  /**
   * The reference submission's scorecard on the variant (and question set)
   * SCORECARD was graded on: the anchor of rubric levels taken relative to the
   * reference. Computed once per variant and cached; undefined, with the reason
   * logged, when it cannot be had (e.g. a partial question set).
   */
  referenceScorecard?: (request: ReferenceRequest) => Promise<Scorecard | undefined>;
  /** Extra demo steps after calibration (the ML exercise grades its malformed submissions). */
  demo?: (context: DemoContext) => Promise<CalibrationRun>;
  /** What this exercise needs on the grading host beyond the harness (`takehome doctor`), e.g. a language runtime inside the sandbox. */
  doctor?: () => Promise<HostCheck[]>;
  /** The code every candidate starts from (relative to the harness root, or absolute): `compare` leaves it out of code similarity. */
  starterDir?: string;
}

/** One line of `takehome doctor`: what was checked, whether it holds, and how to fix it when not. */
export interface HostCheck {
  check: string;
  ok: boolean;
  detail: string;
  /** The next step when not ok (a command to run, a package to install). */
  fix?: string;
}

export interface ExerciseFeatures {
  /** --split hidden|dev: grade on the public dev set too. */
  split: boolean;
  /** --limit N: ask only the first N items. */
  limit: boolean;
  /** --judge ...: an optional LLM judge after the sandboxed run. */
  judge: boolean;
}

export interface KitWritten {
  commit: string;
  files: number;
}

export interface KeyWritten {
  files: readonly string[];
  /** One line for a person: what the key holds. */
  summary: string;
  /** The same as data, for --json. */
  details: Record<string, unknown>;
}

export type SandboxMode = 'auto' | 'isolated' | 'degraded';
export type Split = 'hidden' | 'dev';

export interface GradeRequest {
  submissionDir: string;
  secret: string;
  candidate: string;
  sandboxMode: SandboxMode;
  /** Host paths the candidate must not see (other candidates' results, the secret file's folder). */
  hidePaths: string[];
  /** Only where features.split. */
  split: Split;
  /** Only where features.limit. */
  limit?: number | undefined;
  /** The raw --judge* flags, only where features.judge; the exercise parses them. */
  judgeFlags?: Record<string, string | undefined> | undefined;
  env: Readonly<Record<string, string | undefined>>;
  log?: ((line: string) => void) | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Starts a step that may take more than a second (ingest, generating a dataset, a sandboxed run, scoring): the CLI shows it with its time on a TTY. */
  step?: ((label: string) => ProgressBar) | undefined;
}

/** Progress of one step: a count when it has one; stop() when it ends (also when it fails). */
export interface ProgressBar {
  update: (done: number, total: number) => void;
  stop: () => void;
}

/** The request for a reference scorecard: the candidate's scorecard names the variant; grading the reference, if needed, runs like any grade. */
export interface ReferenceRequest {
  secret: string;
  candidate: string;
  scorecard: Scorecard;
  sandboxMode: SandboxMode;
  hidePaths: string[];
  env: Readonly<Record<string, string | undefined>>;
  log?: ((line: string) => void) | undefined;
}

/**
 * What the rubric must say of a calibration submission on every candidate:
 * `strong`: level 3 or 4 on every automatic criterion; `fails`: level 1 or 2
 * on each criterion listed (the ones it is built to fail).
 */
export type CalibrationRubricExpectation = { strong: true } | { fails: readonly string[] };

export interface CalibrationSubmission<L extends string> {
  label: L;
  /** Relative to the harness root (or absolute). */
  dir: string;
  rubric?: CalibrationRubricExpectation;
}

export interface CalibrationCheck {
  candidate: string;
  check: string;
  pass: boolean;
  detail: string;
}

/** Submissions of known quality, and what the grader must find in their grades. */
export interface Calibration<L extends string> {
  submissions: readonly CalibrationSubmission<L>[];
  /** The label of the reference submission: its grade anchors rubric levels taken relative to the reference (same candidate, same variant). */
  reference?: L;
  /**
   * The demo's hiring loop: the labels three candidates "send" (the first the
   * reference, then a weaker honest one, then a naive or leaky one), and the
   * folder (relative to the harness root) of the interviewers' review files,
   * LABEL.INTERVIEWER.yaml (harness/review/input.ts).
   */
  demoLoop?: { labels: readonly [L, L, L]; reviews: string };
  /** The columns of the calibration table. */
  tableMetrics: readonly string[];
  checks(candidate: string, grades: ReadonlyMap<L, Scorecard>): CalibrationCheck[];
}

export interface GradedSubmission {
  candidate: string;
  label: string;
  /** The HTML report. */
  path: string;
  scorecard: Scorecard;
}

export interface CalibrationRun {
  grades: GradedSubmission[];
  checks: CalibrationCheck[];
  pass: boolean;
}

export interface DemoContext {
  secret: string;
  candidate: string;
  outDir: string;
  log: (line: string) => void;
}

/** The exercises a CLI knows, by id; loaded lazily so `--help` stays fast. */
export type ExerciseTable = Readonly<Record<string, () => Promise<Exercise>>>;
