import type { RubricCriterionResult, Scorecard } from '../scorecard';
import type { ComparisonRow, CompareInput, CriterionCell } from './model';

/** Flag codes with counts (info flags left out), most severe first. */
function flagSummary(flags: Scorecard['flags']): ComparisonRow['flags'] {
  const out = new Map<string, ComparisonRow['flags'][number]>();
  for (const f of flags) {
    if (f.severity === 'info') continue;
    const key = `${f.severity}:${f.code}`;
    const entry = out.get(key) ?? { code: f.code, severity: f.severity, count: 0, zeroed: 0 };
    entry.count += 1;
    entry.zeroed += f.zeroed?.length ?? 0;
    out.set(key, entry);
  }
  return [...out.values()].sort((a, b) => (a.severity === b.severity ? (a.code < b.code ? -1 : 1) : a.severity === 'critical' ? -1 : 1));
}

/**
 * The headline: from the rubric section when `takehome score` wrote one (raw,
 * reference on the same variant, relative), else the exercise's headline
 * metric (raw only). The relative interval is the raw metric's interval over
 * the reference's value (the reference's own uncertainty is not in it).
 */
function headlineOf(sc: Scorecard, fallbackMetric: string): ComparisonRow['headline'] {
  const rubric = sc.rubric?.headline;
  const metric = rubric?.metric ?? fallbackMetric;
  const m = sc.metrics[metric];
  const raw = rubric?.raw ?? m?.value ?? null;
  const rawInterval = m?.interval && m.value !== null ? { low: m.interval.low, high: m.interval.high } : null;
  const reference = rubric?.reference ?? null;
  const relative = rubric?.relative ?? null;
  const relativeInterval = rawInterval && reference !== null && reference > 0 && relative !== null ? { low: rawInterval.low / reference, high: rawInterval.high / reference } : null;
  return { metric, direction: m?.direction ?? 'higher', raw, rawInterval, reference, relative, relativeInterval };
}

function levelsOf(sc: Scorecard): Record<string, CriterionCell> {
  const out: Record<string, CriterionCell> = {};
  const criteria: readonly RubricCriterionResult[] = sc.rubric?.criteria ?? [];
  for (const c of criteria) {
    out[c.criterion] = { level: c.level, low: c.range?.low ?? null, high: c.range?.high ?? null, source: c.source, reviewers: c.reviews?.length ?? 0 };
  }
  return out;
}

/** One row per input, not yet ranked or named (rank 0, name = label). */
export function rowOf(input: CompareInput, headlineMetric: string): ComparisonRow {
  const sc = input.scorecard;
  const total = sc.rubric?.total;
  return {
    rank: 0,
    name: input.label,
    candidate: sc.candidate,
    resultsDir: input.resultsDir,
    status: sc.status,
    variant: sc.variant,
    total: total && total.value !== null ? { value: total.value, low: total.interval?.low ?? total.value, high: total.interval?.high ?? total.value, weightCovered: total.weightCovered } : null,
    levels: levelsOf(sc),
    missing: sc.rubric?.missing ?? [],
    headline: headlineOf(sc, headlineMetric),
    flags: flagSummary(sc.flags),
  };
}

/** The headline value rows are ranked by after the total: relative when known, else raw; oriented so higher is better. */
export function headlineScore(row: ComparisonRow): number | null {
  const v = row.headline.relative ?? row.headline.raw;
  if (v === null) return null;
  return row.headline.direction === 'lower' ? -v : v;
}

const desc = (a: number | null, b: number | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : b - a);

/**
 * Best first: graded before invalid, then the weighted rubric total, then the
 * headline (relative to the reference when known), then the name; ranks 1..n.
 */
export function rankRows(rows: ComparisonRow[]): ComparisonRow[] {
  const sorted = [...rows].sort(
    (x, y) =>
      Number(y.status === 'graded') - Number(x.status === 'graded') ||
      desc(x.total?.value ?? null, y.total?.value ?? null) ||
      desc(headlineScore(x), headlineScore(y)) ||
      (x.name < y.name ? -1 : x.name > y.name ? 1 : 0),
  );
  return sorted.map((r, i) => ({ ...r, rank: i + 1 }));
}
