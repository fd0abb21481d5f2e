import type { FlagCode, Scorecard } from '../scorecard';
import type { SimilarityResult } from './similarity';

export const COMPARISON_SCHEMA = 'takehome.comparison/v1';

/** One graded result to compare: its scorecard and where it lives. */
export interface CompareInput {
  /** Shown for the candidate when not blind: the candidate id, or the results folder's name when ids repeat. */
  label: string;
  scorecard: Scorecard;
  /** The results folder (holds scorecard.json and report.html). */
  resultsDir: string;
}

export interface IntervalValue {
  value: number;
  low: number;
  high: number;
}

/** A candidate's level on one rubric criterion. */
export interface CriterionCell {
  level: number | null;
  low: number | null;
  high: number | null;
  source: 'auto' | 'manual';
  /** Interviewers whose levels it rests on (manual). */
  reviewers: number;
}

/** One candidate's row of the comparison. */
export interface ComparisonRow {
  /** 1 = first: by weighted rubric total, then the headline (relative to the reference when known). */
  rank: number;
  /** The name shown: the label, or a pseudonym with --blind. */
  name: string;
  /** The candidate id and results folder: left out with --blind. */
  candidate?: string;
  resultsDir?: string;
  status: Scorecard['status'];
  variant: string;
  /** Weighted rubric total (levels 1..4) with the interval of its criteria's ranges; null without a rubric section. */
  total: (IntervalValue & { weightCovered: number }) | null;
  levels: Record<string, CriterionCell>;
  /** Criteria with no level yet, and why. */
  missing: { criterion: string; reason: string }[];
  headline: {
    metric: string;
    direction: 'higher' | 'lower' | 'none';
    raw: number | null;
    rawInterval: { low: number; high: number } | null;
    reference: number | null;
    /** raw / reference on the same variant (comparable across variants); null without a rubric section or reference. */
    relative: number | null;
    relativeInterval: { low: number; high: number } | null;
  };
  flags: { code: FlagCode; severity: 'warning' | 'critical'; count: number; zeroed: number }[];
}

export type PairBasis = 'items' | 'relative' | 'raw' | 'none';

/** How sure is "A is better than B": a paired or independent bootstrap of the difference. */
export interface PairComparison {
  a: string;
  b: string;
  basis: PairBasis;
  /** What was compared, in words ("mean question score over 160 shared questions", "average_precision relative to the reference"). */
  statistic: string;
  /** A - B, oriented so that > 0 means A is better. */
  difference: number | null;
  interval: { low: number; high: number; level: number } | null;
  /** The probability that A is better (share of bootstrap replicates where A - B > 0). */
  pBetter: number | null;
  method: string;
}

export interface CriterionAgreement {
  criterion: string;
  title: string;
  /** Krippendorff's alpha (ordinal) over every candidate and interviewer; null when undefined. */
  alpha: number | null;
  candidates: number;
  ratings: number;
  /** alpha below ALPHA_CALIBRATE (or undefined with ratings to look at): talk it through before relying on it. */
  calibrate: boolean;
  note?: string;
}

export interface InterviewerPairAgreement {
  a: string;
  b: string;
  /** (candidate, criterion) pairs both rated. */
  shared: number;
  linear: number | null;
  quadratic: number | null;
  note?: string;
}

export interface Agreement {
  interviewers: string[];
  criteria: CriterionAgreement[];
  pairs: InterviewerPairAgreement[];
}

/** The comparison of one exercise's candidates: what every output (table, JSON, CSV, HTML) is rendered from. */
export interface Comparison {
  schema: typeof COMPARISON_SCHEMA;
  exercise: string;
  blind: boolean;
  /** The rubric criteria in the rubric's order (from the scorecards' rubric sections). */
  criteria: { id: string; title: string; weight: number }[];
  headlineMetric: string;
  rows: ComparisonRow[];
  pairs: PairComparison[];
  /** Which pairs were compared and why not all. */
  pairsNote: string;
  agreement: Agreement | null;
  similarity: SimilarityResult | null;
  /** What the comparison could not use or show, in words. */
  notes: string[];
}
