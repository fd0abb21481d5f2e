import Papa from 'papaparse';
import { stableStringify } from '../scorecard';
import type { Comparison } from './model';

/** The whole comparison as JSON (schema takehome.comparison/v1), keys sorted: the same inputs give the same bytes. */
export function comparisonJson(cmp: Comparison): string {
  return `${stableStringify(cmp)}\n`;
}

/** A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) is prefixed with an apostrophe. */
function cell(value: string | number | null | undefined): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * One line per candidate for an applicant-tracking system: rank, name (and,
 * unless blind, candidate id and results folder), status, the weighted total
 * with its interval, a level per criterion (level_<id>), the headline raw and
 * relative to the reference with intervals, flags and missing criteria.
 */
export function comparisonCsv(cmp: Comparison): string {
  const fields = [
    'rank',
    'name',
    ...(cmp.blind ? [] : ['candidate', 'results']),
    'status',
    'variant',
    'total',
    'total_low',
    'total_high',
    'weight_covered',
    ...cmp.criteria.map((c) => `level_${c.id}`),
    'headline_metric',
    'headline_raw',
    'headline_raw_low',
    'headline_raw_high',
    'headline_reference',
    'headline_relative',
    'headline_relative_low',
    'headline_relative_high',
    'flags',
    'missing',
  ];
  const data = cmp.rows.map((r) =>
    [
      r.rank,
      r.name,
      ...(cmp.blind ? [] : [r.candidate, r.resultsDir]),
      r.status,
      r.variant,
      r.total?.value,
      r.total?.low,
      r.total?.high,
      r.total?.weightCovered,
      ...cmp.criteria.map((c) => r.levels[c.id]?.level),
      r.headline.metric,
      r.headline.raw,
      r.headline.rawInterval?.low,
      r.headline.rawInterval?.high,
      r.headline.reference,
      r.headline.relative,
      r.headline.relativeInterval?.low,
      r.headline.relativeInterval?.high,
      r.flags.map((f) => `${f.severity} ${f.code}${f.count > 1 ? ` x${f.count}` : ''}`).join('; '),
      r.missing.map((m) => m.criterion).join('; '),
    ].map(cell),
  );
  return `${Papa.unparse({ fields, data }, { newline: '\n' })}\n`;
}
