import type { Scorecard } from '../scorecard';
import type { AutoMapping, Criterion, Level } from './schema';

/** One criterion's automatic level, with the range its metric's interval allows and what it rests on. */
export interface AutoLevel {
  criterion: string;
  /** null when the scorecard cannot support a level (not graded, metric missing, no reference value). */
  level: Level | null;
  /** The levels at the ends of the metric's 95% interval: the uncertainty a total carries. */
  range: { low: Level; high: Level } | null;
  /** The number compared with the thresholds (relative to the reference where the rubric says so). */
  value: number | null;
  /** The candidate's raw metric value and, when relative, the reference's. */
  raw: number | null;
  reference: number | null;
  /** Flags that capped the level. */
  cappedBy: string[];
  reason: string;
}

function levelOf(value: number, mapping: AutoMapping): Level {
  const reached = mapping.thresholds.filter((t) => (mapping.better === 'higher' ? value >= t : value <= t)).length;
  return (1 + reached) as Level;
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(3));

/**
 * The automatic level of CRITERION on SCORECARD. REFERENCE is the reference
 * submission's scorecard on the same variant, needed when the mapping is
 * relative to it. Pure: the same inputs give the same level.
 */
export function autoLevel(criterion: Criterion, scorecard: Scorecard, reference?: Scorecard): AutoLevel {
  const mapping = criterion.auto;
  const none = (reason: string): AutoLevel => ({ criterion: criterion.id, level: null, range: null, value: null, raw: null, reference: null, cappedBy: [], reason });
  if (!mapping) return none('manual criterion: an interviewer decides');
  if (scorecard.status !== 'graded') return none(`the submission is ${scorecard.status}: no automatic level`);
  const metric = scorecard.metrics[mapping.metric];
  if (!metric || metric.value === null) return none(`the scorecard has no value for ${mapping.metric}`);
  let scale = 1;
  let referenceValue: number | null = null;
  if (mapping.relativeToReference) {
    referenceValue = reference?.metrics[mapping.metric]?.value ?? null;
    if (referenceValue === null || referenceValue <= 0) return none(`${mapping.metric} is taken relative to the reference on the same variant, and there is no positive reference value`);
    scale = 1 / referenceValue;
  }
  const value = metric.value * scale;
  const ends = metric.interval ? [metric.interval.low * scale, metric.interval.high * scale].map((v) => levelOf(v, mapping)) : [levelOf(value, mapping), levelOf(value, mapping)];
  let level = levelOf(value, mapping);
  let [low, high] = [Math.min(...ends), Math.max(...ends)] as [Level, Level];
  const codes = new Set(scorecard.flags.map((f) => f.code as string));
  const caps = mapping.caps.filter((c) => codes.has(c.flag));
  for (const cap of caps) {
    level = Math.min(level, cap.maxLevel) as Level;
    low = Math.min(low, cap.maxLevel) as Level;
    high = Math.min(high, cap.maxLevel) as Level;
  }
  const shown = mapping.relativeToReference ? `${mapping.metric} ${fmt(metric.value)} = ${fmt(value)} x the reference's ${fmt(referenceValue as number)}` : `${mapping.metric} ${fmt(metric.value)}`;
  const thresholds = `thresholds for levels 2/3/4 (${mapping.better} is better): ${mapping.thresholds.map(fmt).join(' / ')}`;
  const capped = caps.length ? `; capped at ${Math.min(...caps.map((c) => c.maxLevel))} by the flag ${caps.map((c) => c.flag).join(', ')}` : '';
  return { criterion: criterion.id, level, range: { low, high }, value, raw: metric.value, reference: referenceValue, cappedBy: caps.map((c) => c.flag), reason: `${shown}; ${thresholds}${capped}` };
}
