import type { Scorecard } from '../scorecard';
import { interviewerAgreement } from './agreement';
import { COMPARISON_SCHEMA, type CompareInput, type Comparison, type ComparisonRow } from './model';
import { comparePair, type PairSide, pairsToCompare } from './pairs';
import { rankRows, rowOf } from './rows';
import type { SimilarityResult } from './similarity';

export interface CompareOptions {
  exercise: string;
  /** The exercise's headline metric, used when a scorecard has no rubric section. */
  headlineMetric: string;
  /** Replace every name with this pseudonym (by input label); candidate ids and folders are left out. */
  pseudonyms?: ReadonlyMap<string, string> | undefined;
  /** Pairs (by label) to compare whatever the ranking. */
  extraPairs?: readonly [string, string][];
  /** Code similarity across the submissions, by label (findSimilarSubmissions). */
  similarity?: SimilarityResult | null;
  replicates?: number;
}

function criteriaOf(scorecards: readonly Scorecard[]): { criteria: Comparison['criteria']; notes: string[] } {
  const criteria: Comparison['criteria'] = [];
  const seen = new Set<string>();
  const rubrics = new Set<string>();
  for (const sc of scorecards) {
    if (!sc.rubric) continue;
    rubrics.add(sc.rubric.rubric.sha256.slice(0, 12));
    for (const c of sc.rubric.criteria) {
      if (seen.has(c.criterion)) continue;
      seen.add(c.criterion);
      criteria.push({ id: c.criterion, title: c.title, weight: c.weight });
    }
  }
  const notes = rubrics.size > 1 ? [`the scorecards were scored with ${rubrics.size} different versions of the rubric (sha256 ${[...rubrics].join(', ')}): rerun takehome score so all use one`] : [];
  return { criteria, notes };
}

function notesOf(inputs: readonly CompareInput[]): string[] {
  const notes: string[] = [];
  const withoutRubric = inputs.filter((i) => i.scorecard.status === 'graded' && !i.scorecard.rubric).length;
  if (withoutRubric > 0) notes.push(`${withoutRubric} graded scorecard(s) have no rubric section: no levels or weighted total for them (run takehome score), ranked by the headline metric only`);
  const notGraded = inputs.filter((i) => i.scorecard.status !== 'graded');
  if (notGraded.length > 0) notes.push(`${notGraded.length} result(s) are not graded (${notGraded.map((i) => i.scorecard.status).join(', ')}): listed last, not compared`);
  const variants = new Set(inputs.map((i) => i.scorecard.variant));
  if (variants.size > 1)
    notes.push(`${variants.size} variants: raw metrics are not comparable across variants; differences use scores relative to the reference on each variant where the rubric section has them`);
  return notes;
}

/** The comparison every output is rendered from: ranked rows, how sure each difference is, interviewer agreement, similar pairs. */
export function buildComparison(inputs: readonly CompareInput[], options: CompareOptions): Comparison {
  const mismatched = inputs.filter((i) => i.scorecard.exercise !== options.exercise);
  if (mismatched.length > 0) throw new RangeError(`buildComparison: ${mismatched.map((i) => i.label).join(', ')} are not ${options.exercise} scorecards`);
  const rename = (label: string) => options.pseudonyms?.get(label) ?? label;
  const blind = options.pseudonyms !== undefined;
  const byName = new Map<string, { key: string; scorecard: Scorecard }>();
  const unranked = inputs.map((input) => {
    const row = rowOf(input, options.headlineMetric);
    const name = rename(input.label);
    byName.set(name, { key: input.label, scorecard: input.scorecard });
    if (!blind) return row;
    const { candidate: _c, resultsDir: _d, ...rest } = row;
    return { ...rest, name };
  });
  const rows: ComparisonRow[] = rankRows(unranked);
  const sides: PairSide[] = rows.map((row) => ({ row, ...(byName.get(row.name) as { key: string; scorecard: Scorecard }) }));
  const extra = (options.extraPairs ?? []).map(([a, b]) => [rename(a), rename(b)] as [string, string]);
  const graded = sides.filter((s) => s.scorecard.status === 'graded');
  const chosen = pairsToCompare(
    graded.map((s) => s.row),
    extra,
  );
  const itemCache = new Map<Scorecard, Map<string, number>>();
  const pairs = chosen.pairs.map(([i, j]) => comparePair(graded[i] as PairSide, graded[j] as PairSide, { itemCache, ...(options.replicates !== undefined ? { replicates: options.replicates } : {}) }));
  const { criteria, notes: rubricNotes } = criteriaOf(inputs.map((i) => i.scorecard));
  const similarity = options.similarity
    ? {
        ...options.similarity,
        pairs: options.similarity.pairs.map((p) => ({ ...p, a: rename(p.a), b: rename(p.b) })),
        compared: options.similarity.compared.map((c) => ({ ...c, name: rename(c.name) })),
        skipped: options.similarity.skipped.map((s) => ({ name: rename(s.name), reason: blind && s.reason.startsWith('could not read') ? 'could not be read' : s.reason })),
        starter: blind ? null : options.similarity.starter,
      }
    : null;
  return {
    schema: COMPARISON_SCHEMA,
    exercise: options.exercise,
    blind,
    criteria,
    headlineMetric: rows.find((r) => r.headline.raw !== null)?.headline.metric ?? options.headlineMetric,
    rows,
    pairs,
    pairsNote: chosen.note,
    agreement: interviewerAgreement(inputs.map((i) => i.scorecard)),
    similarity,
    notes: [...notesOf(inputs), ...rubricNotes],
  };
}

/** Each input's scorecard by the name its row shows (the pseudonym with --blind): what the HTML page draws per-candidate charts from. */
export function scorecardsByName(inputs: readonly CompareInput[], pseudonyms?: ReadonlyMap<string, string>): Map<string, Scorecard> {
  return new Map(inputs.map((i) => [pseudonyms?.get(i.label) ?? i.label, i.scorecard]));
}
