import type { Scorecard } from '../scorecard';
import { RandomStream } from '../secrets';
import { type DifferenceEstimate, independentDifference, pairedBootstrapDifference } from '../stats';
import type { ComparisonRow, PairComparison } from './model';

/** Fewer shared items than this and a paired bootstrap says little: the intervals are used instead. */
export const MIN_SHARED_ITEMS = 10;
/** Up to this many candidates every pair is compared; past it, neighbours in the ranking and every pair of the top ones. */
export const ALL_PAIRS_UP_TO = 12;
export const TOP_PAIRS = 8;

export interface PairSide {
  /** Stable across --blind (the label, not the pseudonym): it names the random stream, so blind and named runs agree. */
  key: string;
  row: ComparisonRow;
  scorecard: Scorecard;
}

/** Per-item scores a scorecard carries (an item's evidence.score, e.g. a RAG question's score), by item id. */
export function itemScores(sc: Scorecard): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of sc.items) {
    const s = item.evidence.score;
    if (typeof s === 'number' && Number.isFinite(s)) out.set(item.id, s);
  }
  return out;
}

function asPair(a: string, b: string, basis: PairComparison['basis'], statistic: string, d: DifferenceEstimate): PairComparison {
  return { a, b, basis, statistic, difference: d.difference, interval: d.interval, pBetter: d.pAbove, method: d.method };
}

/**
 * How sure "A is better than B" is. Same variant and per-item scores on at
 * least MIN_SHARED_ITEMS shared items: a paired bootstrap of the mean item
 * score over those items. Otherwise the headline relative to the reference
 * on each one's variant (an independent bootstrap from each interval), or,
 * on the same variant without a reference, the raw headline the same way.
 */
export function comparePair(a: PairSide, b: PairSide, options: { replicates?: number; itemCache?: Map<Scorecard, Map<string, number>> } = {}): PairComparison {
  const stream = new RandomStream(Buffer.from('takehome.compare'), `pair:${a.key}:${b.key}`);
  const sameVariant = a.scorecard.variant === b.scorecard.variant;
  const ha = a.row.headline;
  const hb = b.row.headline;
  const sign = ha.direction === 'lower' ? -1 : 1;
  const none = (why: string): PairComparison => ({ a: a.row.name, b: b.row.name, basis: 'none', statistic: ha.metric, difference: null, interval: null, pBetter: null, method: why });
  if (a.scorecard.status !== 'graded' || b.scorecard.status !== 'graded') return none('not compared: one of them is not graded');
  if (sameVariant) {
    const cache = options.itemCache;
    const sa = cache?.get(a.scorecard) ?? itemScores(a.scorecard);
    const sb = cache?.get(b.scorecard) ?? itemScores(b.scorecard);
    cache?.set(a.scorecard, sa).set(b.scorecard, sb);
    const shared = [...sa.keys()].filter((id) => sb.has(id)).sort();
    if (shared.length >= MIN_SHARED_ITEMS) {
      const d = pairedBootstrapDifference(
        shared.map((id) => sa.get(id) as number),
        shared.map((id) => sb.get(id) as number),
        stream,
        { replicates: options.replicates ?? 1000 },
      );
      if (d) return asPair(a.row.name, b.row.name, 'items', `mean item score over ${shared.length} shared items`, d);
    }
  }
  const replicates = options.replicates ?? 2000;
  if (ha.relative !== null && hb.relative !== null && ha.relativeInterval && hb.relativeInterval) {
    const d = independentDifference(oriented(ha.relative, ha.relativeInterval, sign), oriented(hb.relative, hb.relativeInterval, sign), stream, { replicates });
    return asPair(a.row.name, b.row.name, 'relative', `${ha.metric} relative to the reference on each one's variant`, d);
  }
  if (sameVariant && ha.raw !== null && hb.raw !== null && ha.rawInterval && hb.rawInterval) {
    const d = independentDifference(oriented(ha.raw, ha.rawInterval, sign), oriented(hb.raw, hb.rawInterval, sign), stream, { replicates });
    return asPair(a.row.name, b.row.name, 'raw', `${ha.metric} (same variant)`, d);
  }
  return none(
    sameVariant
      ? `not compared: no per-item scores and no ${ha.metric} interval on both`
      : `not compared: different variants and no score relative to the reference (run takehome score to add the rubric section)`,
  );
}

/** A value and interval turned so that higher is better (sign -1 for a lower-is-better metric). */
function oriented(value: number, interval: { low: number; high: number }, sign: number) {
  const ends = [interval.low * sign, interval.high * sign];
  return { value: value * sign, low: Math.min(...ends), high: Math.max(...ends), level: 0.95 };
}

/**
 * Which pairs to compare among ranked rows: every pair up to ALL_PAIRS_UP_TO
 * candidates; past that, each candidate against the next one in the ranking
 * and every pair among the first TOP_PAIRS (a table of 100,000 pairs helps
 * nobody). EXTRA pairs (by name) are always added.
 */
export function pairsToCompare(ranked: readonly ComparisonRow[], extra: readonly [string, string][] = []): { pairs: [number, number][]; note: string } {
  const n = ranked.length;
  const seen = new Set<string>();
  const pairs: [number, number][] = [];
  const add = (i: number, j: number) => {
    const key = `${i}:${j}`;
    if (i === j || seen.has(key)) return;
    seen.add(key);
    pairs.push([i, j]);
  };
  let note: string;
  if (n <= ALL_PAIRS_UP_TO) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) add(i, j);
    note = `every pair of the ${n} candidates`;
  } else {
    const top = Math.min(TOP_PAIRS, n);
    for (let i = 0; i < top; i++) for (let j = i + 1; j < top; j++) add(i, j);
    for (let i = 0; i + 1 < n; i++) add(i, i + 1);
    note = `every pair of the first ${top}, and each candidate against the next in the ranking (${n} candidates: ${(n * (n - 1)) / 2} pairs in all would be too many to read)`;
  }
  const index = new Map(ranked.map((r, i) => [r.name, i]));
  for (const [a, b] of extra) {
    const i = index.get(a);
    const j = index.get(b);
    if (i !== undefined && j !== undefined) add(Math.min(i, j), Math.max(i, j));
  }
  return { pairs, note };
}
