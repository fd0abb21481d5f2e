import { createHash } from 'node:crypto';
import { type Flag, type RubricSection, SCORECARD_SCHEMA, type Scorecard, scorecardSchema } from '../scorecard';

/**
 * Scorecards built by hand for the comparison's tests and bench: schema-valid
 * (checked with scorecardSchema), with or without the rubric section that
 * `takehome score` writes.
 */

export interface CriterionFixture {
  id: string;
  title: string;
  weight: number;
  source: 'auto' | 'manual';
}

export const FIXTURE_CRITERIA: readonly CriterionFixture[] = [
  { id: 'retrieval', title: 'Retrieval', weight: 0.3, source: 'auto' },
  { id: 'correctness', title: 'Answer correctness', weight: 0.3, source: 'auto' },
  { id: 'write-up', title: 'Write-up', weight: 0.2, source: 'manual' },
  { id: 'evaluation', title: 'Own evaluation', weight: 0.2, source: 'manual' },
];

export interface ScorecardFixture {
  candidate: string;
  exercise?: string;
  variant?: string;
  status?: Scorecard['status'];
  headline?: { metric: string; value: number; low: number; high: number; direction?: 'higher' | 'lower' };
  /** Per-question scores: items q001.. with evidence.score. */
  itemScores?: readonly number[];
  /** Rubric: a level (and range) per criterion, or reviews per manual criterion; omit for a scorecard without a rubric section. */
  rubric?: {
    criteria?: readonly CriterionFixture[];
    auto?: Record<string, { level: number | null; low?: number; high?: number }>;
    reviews?: Record<string, Record<string, number>>;
    /** The reference's headline on the same variant: headline.relative = value / reference. */
    reference?: number;
  };
  flags?: Flag[];
  breakdown?: Record<string, number>;
  curves?: boolean;
  /** Extra text per item evidence (the bench's realistic size). */
  answerChars?: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

function rubricSection(f: ScorecardFixture, headline: NonNullable<ScorecardFixture['headline']>): RubricSection {
  const r = f.rubric ?? {};
  const criteria = (r.criteria ?? FIXTURE_CRITERIA).map((c) => {
    if (c.source === 'auto') {
      const a = r.auto?.[c.id] ?? { level: null };
      return {
        criterion: c.id,
        title: c.title,
        weight: c.weight,
        source: 'auto' as const,
        level: a.level,
        range: a.level === null ? null : { low: a.low ?? a.level, high: a.high ?? a.level },
        evidence: 'fixture',
      };
    }
    const reviews = Object.entries(r.reviews?.[c.id] ?? {}).map(([interviewer, level]) => ({ interviewer, level, note: '', at: '2026-11-30T00:00:00.000Z' }));
    const levels = reviews.map((x) => x.level);
    return {
      criterion: c.id,
      title: c.title,
      weight: c.weight,
      source: 'manual' as const,
      level: levels.length ? median(levels) : null,
      range: levels.length ? { low: Math.min(...levels), high: Math.max(...levels) } : null,
      reviews,
      evidence: 'fixture',
    };
  });
  const have = criteria.filter((c) => c.level !== null);
  const weight = have.reduce((s, c) => s + c.weight, 0);
  const mean = (pick: (c: (typeof have)[number]) => number) => (weight > 0 ? have.reduce((s, c) => s + c.weight * pick(c), 0) / weight : null);
  const value = mean((c) => c.level as number);
  return {
    rubric: { exercise: f.exercise ?? 'rag', sha256: createHash('sha256').update('fixture rubric').digest('hex') },
    criteria,
    total: {
      value,
      interval: value === null ? null : { low: mean((c) => c.range?.low ?? 1) as number, high: mean((c) => c.range?.high ?? 4) as number, method: 'each criterion at the ends of its range' },
      weightCovered: weight,
    },
    missing: criteria.filter((c) => c.level === null).map((c) => ({ criterion: c.criterion, reason: c.source === 'manual' ? 'manual: nobody reviewed it yet' : 'no automatic level' })),
    headline: { metric: headline.metric, raw: headline.value, reference: r.reference ?? null, relative: r.reference ? headline.value / r.reference : null },
  };
}

export function makeScorecard(f: ScorecardFixture): Scorecard {
  const headline = f.headline ?? { metric: 'overall', value: 0.5, low: 0.45, high: 0.55 };
  const pad = f.answerChars ? 'x'.repeat(f.answerChars) : undefined;
  const sc: Scorecard = {
    schema: SCORECARD_SCHEMA,
    exercise: f.exercise ?? 'rag',
    candidate: f.candidate,
    variant: f.variant ?? 'variant00001',
    harnessVersion: 'test',
    status: f.status ?? 'graded',
    problems: f.status && f.status !== 'graded' ? ['fixture problem'] : [],
    backend: 'offline',
    metrics:
      f.status && f.status !== 'graded'
        ? {}
        : {
            [headline.metric]: {
              value: headline.value,
              direction: headline.direction ?? 'higher',
              interval: { low: headline.low, high: headline.high, level: 0.95, method: 'percentile bootstrap, 1000 replicates' },
            },
            ...(f.curves ? { roc_auc: { value: 0.8, direction: 'higher' as const } } : {}),
          },
    breakdown: Object.fromEntries(Object.entries(f.breakdown ?? {}).map(([category, v]) => [category, { [headline.metric]: { value: v, direction: 'higher' as const } }])),
    items: [
      ...(f.itemScores ?? []).map((score, i) => ({
        id: `q${String(i + 1).padStart(3, '0')}`,
        kind: 'question' as const,
        category: 'single-fact',
        status: 'ok' as const,
        verdicts: { facts: { pass: score >= 0.5, score, reason: 'fixture' } },
        evidence: {
          score,
          expected: 'answer',
          ...(pad ? { question: `Question ${i + 1}?`, answer: pad, referenceAnswer: pad.slice(0, 80), citations: [{ doc_id: 'doc-1', quote: pad.slice(0, 120) }] } : {}),
        },
      })),
      ...(f.curves
        ? [
            {
              id: 'curves',
              kind: 'check' as const,
              status: 'ok' as const,
              verdicts: {},
              evidence: {
                roc: Array.from({ length: 21 }, (_, i) => [i / 20, Math.min(1, Math.sqrt(i / 20) * 1.02)].map((x) => Math.round(x * 1e4) / 1e4)),
                pr: Array.from({ length: 21 }, (_, i) => [i / 20, Math.max(0.05, 0.6 - 0.5 * (i / 20))].map((x) => Math.round(x * 1e4) / 1e4)),
                calibration: Array.from({ length: 10 }, (_, i) => ({ predicted: (i + 0.5) / 50, observed: (i + 0.2) / 45, rows: 2000 })),
                prevalence: 0.05,
              },
            },
          ]
        : []),
    ],
    flags: f.flags ?? [],
    ...(f.rubric && (!f.status || f.status === 'graded') ? { rubric: rubricSection(f, headline) } : {}),
  };
  return scorecardSchema.parse(sc);
}
