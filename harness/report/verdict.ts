import type { Flag, Metric, RubricSection, Scorecard } from '../scorecard';
import { formatNumber } from './format';

/** What a renderer may be told that the scorecard alone does not say. */
export interface ReportOptions {
  /** The exercise's headline metric (default: the rubric's, else `overall` when the scorecard has it). */
  headline?: string | undefined;
}

export const LEVEL_NAMES: Readonly<Record<number, string>> = { 1: 'strong no', 2: 'no', 3: 'yes', 4: 'strong yes' };

/** "3 yes", "2.5 no-yes"; "missing" when nobody decided. */
export function levelText(level: number | null): string {
  if (level === null) return 'missing';
  if (Number.isInteger(level)) return `${level} ${LEVEL_NAMES[level] ?? ''}`.trim();
  return `${formatNumber(level, 1)} ${LEVEL_NAMES[Math.floor(level)]}-${LEVEL_NAMES[Math.ceil(level)]}`;
}

const SEVERITY_ORDER: Record<Flag['severity'], number> = { critical: 0, warning: 1, info: 2 };

/** Flags, critical first, in the order the grader raised them within a severity. */
export function sortedFlags(flags: readonly Flag[]): Flag[] {
  return flags
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}

/** A flag in one line: its message's first line, cut at MAX characters, with how many items it scored 0. */
export function flagSummary(flag: Flag, max = 160): string {
  const first = flag.message.split(/\r?\n/)[0]!.trim();
  const cut = first.length > max ? `${first.slice(0, max - 1).trimEnd()}…` : first;
  return `${cut}${flag.zeroed?.length ? ` (${flag.zeroed.length} item${flag.zeroed.length === 1 ? '' : 's'} scored 0)` : ''}`;
}

export interface Headline {
  name: string;
  metric: Metric;
  /** The candidate's value divided by the reference's on the same variant (from the rubric section), when known. */
  relative: number | null;
  reference: number | null;
}

export function headlineOf(sc: Scorecard, options: ReportOptions = {}): Headline | undefined {
  const name = sc.rubric?.headline.metric ?? options.headline ?? ('overall' in sc.metrics ? 'overall' : undefined);
  const metric = name === undefined ? undefined : sc.metrics[name];
  if (name === undefined || !metric) return undefined;
  const fromRubric = sc.rubric?.headline.metric === name ? sc.rubric.headline : undefined;
  return { name, metric, relative: fromRubric?.relative ?? null, reference: fromRubric?.reference ?? null };
}

/** "0.144 [0.09, 0.2]" */
export function valueWithInterval(metric: Pick<Metric, 'value' | 'interval'>): string {
  return `${formatNumber(metric.value)}${metric.interval ? ` [${formatNumber(metric.interval.low)}, ${formatNumber(metric.interval.high)}]` : ''}`;
}

/** "2.17 of 4 [1.89, 2.44]", or "none yet". */
export function rubricTotalText(total: RubricSection['total']): string {
  if (total.value === null) return 'none yet';
  return `${formatNumber(total.value, 2)} of 4${total.interval ? ` [${formatNumber(total.interval.low, 2)}, ${formatNumber(total.interval.high, 2)}]` : ''}`;
}

/**
 * The gateway's cost in one sentence that adds up: the whole run, the cost
 * per question while answering times the questions, and the rest (ingest and
 * anything outside a question). Both come from the same gateway meter.
 */
export function costText(sc: Scorecard): string | undefined {
  if (!sc.usage) return undefined;
  const total = sc.usage.costUsd;
  const perQuestion = sc.metrics.costPerQuestion?.value;
  // Questions asked: the largest count any metric was computed over (items may be fewer in a bounded scorecard).
  const questions = Math.max(sc.items.filter((i) => i.kind === 'question').length, ...Object.values(sc.metrics).map((m) => m.counts?.asked ?? 0));
  const whole = `$${formatNumber(total, 4)} in all`;
  if (perQuestion === undefined || perQuestion === null || questions === 0) return whole;
  const answering = perQuestion * questions;
  // Float noise from subtracting two sums of the same calls is no cost.
  const rest = total - answering > total * 1e-9 ? total - answering : 0;
  return `${whole}: $${formatNumber(perQuestion, 4)} per question while answering × ${questions} questions = $${formatNumber(answering, 4)}, and $${formatNumber(rest, 4)} outside the questions (ingest)`;
}
