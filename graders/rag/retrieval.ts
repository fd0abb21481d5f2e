/** Rank metrics over a ranked list of document ids against a set of gold ids (binary relevance). */
export interface RankScores {
  hit: number;
  recall: number;
  reciprocalRank: number;
  ndcg: number;
}

/** Keep the first occurrence of each id, in order. */
export function dedupeRanking(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

export function rankScores(ranking: readonly string[], gold: readonly string[], k: number): RankScores {
  const goldSet = new Set(gold);
  if (goldSet.size === 0) throw new RangeError('rank metrics need at least one gold document');
  const ranked = dedupeRanking(ranking);
  const top = ranked.slice(0, k);
  const found = top.filter((id) => goldSet.has(id)).length;
  const firstRank = ranked.findIndex((id) => goldSet.has(id));
  let dcg = 0;
  top.forEach((id, i) => {
    if (goldSet.has(id)) dcg += 1 / Math.log2(i + 2);
  });
  let idcg = 0;
  for (let i = 0; i < Math.min(goldSet.size, k); i++) idcg += 1 / Math.log2(i + 2);
  return {
    hit: found > 0 ? 1 : 0,
    recall: found / goldSet.size,
    reciprocalRank: firstRank < 0 ? 0 : 1 / (firstRank + 1),
    ndcg: dcg / idcg,
  };
}
