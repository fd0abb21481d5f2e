import type { RubricCriterionResult, RubricReview, RubricSection, Scorecard } from '../scorecard';
import { type AutoLevel, autoLevel } from './levels';
import type { Rubric } from './schema';
import { median } from '../stats';

/** One interviewer's current level on one criterion (the newest entry of theirs in the review log). */
export interface CurrentReview extends RubricReview {
  criterion: string;
}

export interface ScoreInput {
  rubric: Rubric;
  /** sha256 of the rubric file's text: which rules the levels were made by. */
  rubricSha256: string;
  scorecard: Scorecard;
  /** The reference submission's scorecard on the same variant (relative levels need it). */
  reference?: Scorecard | undefined;
  /** Why there is no reference, when there is none (shown as the reason a relative level is missing). */
  referenceMissing?: string | undefined;
  reviews: readonly CurrentReview[];
  /** The exercise's headline metric. */
  headline: string;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

function autoFields(a: AutoLevel, metric: string): Partial<RubricCriterionResult> {
  return { metric, raw: a.raw, reference: a.reference, relative: a.reference === null ? null : a.value, cappedBy: a.cappedBy };
}

/**
 * Merge the automatic levels and the interviewers' reviews into the
 * scorecard's rubric section. Per criterion: the reviewers' median (range:
 * their lowest and highest) once anyone reviewed a manual criterion; else the
 * automatic level (range: the metric's 95% interval mapped to levels); else
 * missing, with why. The total is the weighted mean over the criteria that
 * have a level, its interval the same mean with every criterion at the low
 * (high) end of its range. Pure: the same inputs give the same section.
 */
export function scoreRubric(input: ScoreInput): RubricSection {
  const { rubric, scorecard } = input;
  const criteria: RubricCriterionResult[] = [];
  const missing: RubricSection['missing'] = [];
  for (const c of rubric.criteria) {
    const reviews = input.reviews
      .filter((r) => r.criterion === c.id)
      .map(({ interviewer, level, note, at }) => ({ interviewer, level, note, at }))
      .sort((a, b) => (a.interviewer < b.interviewer ? -1 : a.interviewer > b.interviewer ? 1 : 0));
    const auto = c.auto ? autoLevel(c, scorecard, input.reference) : undefined;
    if (auto && auto.level === null && c.auto?.relativeToReference && !input.reference && input.referenceMissing) auto.reason = `${auto.reason} (${input.referenceMissing})`;
    const base = { criterion: c.id, title: c.title, weight: c.weight };
    if (c.manual && reviews.length > 0) {
      const levels = reviews.map((r) => r.level);
      const low = Math.min(...levels);
      const high = Math.max(...levels);
      const autoNote = auto ? `; automatic evidence: ${auto.level === null ? 'none' : `level ${auto.level}`} (${auto.reason})` : '';
      criteria.push({
        ...base,
        source: 'manual',
        level: median(levels),
        range: { low, high },
        reviews,
        ...(auto && c.auto ? autoFields(auto, c.auto.metric) : {}),
        evidence: `median of ${reviews.length} interviewer${reviews.length > 1 ? 's' : ''} (${reviews.map((r) => `${r.interviewer} ${r.level}`).join(', ')}), spread ${high - low}${autoNote}`,
      });
    } else if (auto && auto.level !== null && c.auto) {
      criteria.push({
        ...base,
        source: 'auto',
        level: auto.level,
        range: auto.range,
        ...autoFields(auto, c.auto.metric),
        evidence: c.manual ? `${auto.reason}; automatic level, stands until an interviewer reviews it` : auto.reason,
      });
    } else {
      const reason = c.manual ? `manual: nobody reviewed it yet${auto ? ` (automatic evidence: ${auto.reason})` : ''}` : (auto?.reason ?? 'no level');
      criteria.push({ ...base, source: c.manual ? 'manual' : 'auto', level: null, range: null, ...(auto && c.auto ? autoFields(auto, c.auto.metric) : {}), evidence: reason });
      missing.push({ criterion: c.id, reason });
    }
  }
  const scored = criteria.filter((c): c is RubricCriterionResult & { level: number; range: { low: number; high: number } } => c.level !== null && c.range !== null);
  const covered = scored.reduce((sum, c) => sum + c.weight, 0);
  const mean = (pick: (c: (typeof scored)[number]) => number) => round(scored.reduce((sum, c) => sum + c.weight * pick(c), 0) / covered);
  const headline = scorecard.metrics[input.headline]?.value ?? null;
  const referenceHeadline = input.reference?.metrics[input.headline]?.value ?? null;
  return {
    rubric: { exercise: rubric.exercise, sha256: input.rubricSha256 },
    criteria,
    total: {
      value: covered > 0 ? mean((c) => c.level) : null,
      interval:
        covered > 0
          ? {
              low: mean((c) => c.range.low),
              high: mean((c) => c.range.high),
              method: "every criterion at the low (high) end of its range: an automatic level's metric 95% interval mapped to levels, the reviewers' lowest (highest) level",
            }
          : null,
      weightCovered: round(covered),
    },
    missing,
    headline: {
      metric: input.headline,
      raw: headline,
      reference: referenceHeadline,
      relative: headline !== null && referenceHeadline !== null && referenceHeadline > 0 ? round(headline / referenceHeadline) : null,
    },
  };
}
