/**
 * Average ranks, 1-based: ties share the mean of their positions (scipy.stats.rankdata's
 * "average" method). E.g. [10, 20, 20, 5, 20] -> [2, 4, 4, 1, 4].
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const v = Float64Array.from(values);
  order.sort((a, b) => v[a]! - v[b]!);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && v[order[j]!] === v[order[i]!]) j++;
    const rank = (i + 1 + j) / 2; // mean of positions i+1 .. j
    for (let k = i; k < j; k++) ranks[order[k]!] = rank;
    i = j;
  }
  return ranks;
}
