import type { Scorecard, ScorecardItem } from './schema';

/**
 * Bounds on what a submission can put into a scorecard (and so into both
 * reports): its answers, quotes, report.json text, error lines. Past them,
 * strings are cut with a visible marker and arrays shortened, and the item or
 * flag says what was cut in `evidence.cut`. A 56 MB report.json must not make a
 * 58 MB scorecard.
 */
export const SCORECARD_BOUNDS = {
  /** Characters of one string in evidence, a problem, a flag message or a verdict reason. */
  string: 8_000,
  /** Entries of one array in evidence. */
  array: 200,
  /** JSON characters of one item's (or flag's) evidence; cut harder until it fits. */
  evidence: 32_000,
  /** Problems and flags kept. */
  list: 200,
} as const;

/** Each pass cuts harder: (string, array) limits tried in turn until the evidence fits. */
const PASSES: readonly (readonly [number, number])[] = [
  [SCORECARD_BOUNDS.string, SCORECARD_BOUNDS.array],
  [1_000, 50],
  [200, 10],
  [60, 3],
];

/** TEXT at most MAX characters long, the marker at its end included, when it had to be cut. */
export function cutString(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = (cut: number) => ` [... cut: ${cut} more characters]`;
  const keep = Math.max(0, max - marker(text.length).length);
  return `${text.slice(0, keep)}${marker(text.length - keep)}`;
}

function boundValue(value: unknown, limits: readonly [number, number], path: string, cuts: string[]): unknown {
  const [maxString, maxArray] = limits;
  if (typeof value === 'string') {
    if (value.length <= maxString) return value;
    cuts.push(`${path || '(value)'}: ${value.length} characters cut to ${maxString}`);
    return cutString(value, maxString);
  }
  if (Array.isArray(value)) {
    const kept = value.length > maxArray ? value.slice(0, maxArray) : value;
    if (kept !== value) cuts.push(`${path || '(value)'}: ${value.length} entries cut to ${maxArray}`);
    return kept.map((v, i) => boundValue(v, limits, `${path}[${i}]`, cuts));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, boundValue(v, limits, path ? `${path}.${k}` : k, cuts)]));
  }
  return value;
}

/** Evidence within the bounds, with `cut` listing what was cut (at most 20 lines); unchanged when it fits. */
export function boundEvidence(evidence: Record<string, unknown>): Record<string, unknown> {
  let result = evidence;
  let cuts: string[] = [];
  for (const limits of PASSES) {
    cuts = [];
    result = boundValue(evidence, limits, '', cuts) as Record<string, unknown>;
    if (JSON.stringify(result).length <= SCORECARD_BOUNDS.evidence) break;
  }
  if (cuts.length === 0) return evidence;
  if (JSON.stringify(result).length > SCORECARD_BOUNDS.evidence) {
    // Too many keys even at the hardest pass: keep only what the report needs to say so.
    return { cut: [`evidence of ${JSON.stringify(evidence).length} characters dropped: over the ${SCORECARD_BOUNDS.evidence}-character bound`] };
  }
  return { ...result, cut: [...cuts.slice(0, 20), ...(cuts.length > 20 ? [`and ${cuts.length - 20} more`] : [])] };
}

function boundItem(item: ScorecardItem): ScorecardItem {
  const verdicts = Object.fromEntries(Object.entries(item.verdicts).map(([name, v]) => [name, { ...v, reason: cutString(v.reason, SCORECARD_BOUNDS.string) }]));
  return { ...item, id: cutString(item.id, 200), verdicts, evidence: boundEvidence(item.evidence) };
}

/**
 * The scorecard with everything a submission could have made big bounded:
 * item evidence and verdict reasons, problems, flags (messages and evidence).
 * Idempotent; metrics and counts are ours and left as they are.
 */
export function boundScorecard(sc: Scorecard): Scorecard {
  const over = sc.problems.length > SCORECARD_BOUNDS.list;
  const problems = sc.problems.slice(0, over ? SCORECARD_BOUNDS.list - 1 : SCORECARD_BOUNDS.list).map((p) => cutString(p, SCORECARD_BOUNDS.string));
  if (over) problems.push(`[... cut: ${sc.problems.length - problems.length} more problems]`);
  const flags = sc.flags.slice(0, SCORECARD_BOUNDS.list).map((f) => ({ ...f, message: cutString(f.message, SCORECARD_BOUNDS.string), ...(f.evidence ? { evidence: boundEvidence(f.evidence) } : {}) }));
  return { ...sc, problems, flags, items: sc.items.map(boundItem) };
}
