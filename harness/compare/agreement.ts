import type { RubricReview, Scorecard } from '../scorecard';
import { cohenKappa, krippendorffAlpha } from '../stats';
import type { Agreement, CriterionAgreement, InterviewerPairAgreement } from './model';

/** Krippendorff's own bar: below 0.667 even tentative conclusions are unsafe; the criterion needs a calibration discussion. */
export const ALPHA_CALIBRATE = 0.667;
const LEVELS = [1, 2, 3, 4];

/**
 * How far the interviewers agree, from the reviews in the scorecards' rubric
 * sections (each interviewer's current level per criterion): Krippendorff's
 * alpha (ordinal) per criterion over every candidate and interviewer, and
 * weighted Cohen's kappa (linear and quadratic) for each pair of
 * interviewers over the (candidate, criterion) pairs both rated. null when no
 * scorecard carries a review.
 */
export function interviewerAgreement(scorecards: readonly Scorecard[]): Agreement | null {
  // ratings[criterion][candidate index][interviewer] = level
  const ratings = new Map<string, { title: string; byCandidate: Map<number, Map<string, number>> }>();
  const interviewers = new Set<string>();
  scorecards.forEach((sc, u) => {
    for (const c of sc.rubric?.criteria ?? []) {
      const reviews: readonly RubricReview[] = c.reviews ?? [];
      for (const r of reviews) {
        interviewers.add(r.interviewer);
        const entry = ratings.get(c.criterion) ?? { title: c.title, byCandidate: new Map() };
        const unit = entry.byCandidate.get(u) ?? new Map<string, number>();
        unit.set(r.interviewer, r.level);
        entry.byCandidate.set(u, unit);
        ratings.set(c.criterion, entry);
      }
    }
  });
  if (interviewers.size === 0) return null;
  const names = [...interviewers].sort();
  const criteria: CriterionAgreement[] = [...ratings].map(([criterion, { title, byCandidate }]) => {
    const units = [...byCandidate.values()].map((unit) => names.map((n) => unit.get(n)));
    const result = krippendorffAlpha(units, 'ordinal');
    const multiply = units.filter((u) => u.filter((v) => v !== undefined).length >= 2).length;
    const ratingsCount = units.reduce((s, u) => s + u.filter((v) => v !== undefined).length, 0);
    const note =
      result.alpha === null
        ? multiply === 0
          ? 'no candidate has two reviews of it yet'
          : (result.reason ?? 'undefined')
        : multiply < 5
          ? `only ${multiply} candidate(s) reviewed twice or more: alpha is a rough guide`
          : undefined;
    return {
      criterion,
      title,
      alpha: result.alpha,
      candidates: multiply,
      ratings: ratingsCount,
      // Undefined alpha with nothing to compare is "not yet", not a disagreement.
      calibrate: result.alpha !== null && result.alpha < ALPHA_CALIBRATE,
      ...(note ? { note } : {}),
    };
  });
  const pairs: InterviewerPairAgreement[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a: number[] = [];
      const b: number[] = [];
      for (const { byCandidate } of ratings.values()) {
        for (const unit of byCandidate.values()) {
          const x = unit.get(names[i] as string);
          const y = unit.get(names[j] as string);
          if (x !== undefined && y !== undefined) {
            a.push(x);
            b.push(y);
          }
        }
      }
      const linear = cohenKappa(a, b, LEVELS, 'linear');
      const quadratic = cohenKappa(a, b, LEVELS, 'quadratic');
      pairs.push({
        a: names[i] as string,
        b: names[j] as string,
        shared: a.length,
        linear: linear.kappa,
        quadratic: quadratic.kappa,
        ...(linear.reason ? { note: linear.reason } : {}),
      });
    }
  }
  return { interviewers: names, criteria, pairs };
}
