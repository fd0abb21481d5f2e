/** One query's result list: ids with cosine similarity, best first. */
export type Ranked = ReadonlyArray<{ id: string; score: number }>;

const TIE_EPSILON = 1e-6;

/**
 * Mean recall@k of approximate results against exact ones, two ways:
 * idOverlap = |approx top-k ∩ exact top-k| / k; tieAware also counts an
 * approximate hit whose score is at least the exact k-th score minus epsilon
 * (equal-scoring chunks are interchangeable; exact search picks among them
 * arbitrarily).
 */
export function recallAt(exact: readonly Ranked[], approx: readonly Ranked[], k: number): { idOverlap: number; tieAware: number } {
  if (exact.length !== approx.length) throw new RangeError(`recallAt: ${exact.length} exact result lists, ${approx.length} approximate ones`);
  if (exact.length === 0) return { idOverlap: Number.NaN, tieAware: Number.NaN };
  let overlap = 0;
  let tie = 0;
  exact.forEach((truth, i) => {
    const top = truth.slice(0, k);
    const ids = new Set(top.map((h) => h.id));
    const kth = top[top.length - 1]?.score ?? Number.POSITIVE_INFINITY;
    const denominator = Math.max(1, top.length);
    const found = approx[i]!.slice(0, k);
    overlap += found.filter((h) => ids.has(h.id)).length / denominator;
    tie += Math.min(top.length, found.filter((h) => ids.has(h.id) || h.score >= kth - TIE_EPSILON).length) / denominator;
  });
  return { idOverlap: overlap / exact.length, tieAware: tie / exact.length };
}
