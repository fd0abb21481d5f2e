import { describe, expect, it } from 'vitest';
import type { TrapEntry } from '../../datasets/claims/schema';
import { importProblem, missingPythonModule } from './environment';
import type { EstimateGap, LeakProbe, ProbeResults, TwinProbe } from './probes';
import { EXAMPLE_ML_REPORT, type MlReport } from './report';
import { trapVerdicts } from './verdicts';

/** A catalog of the traps the verdict rules treat differently, with their report keywords. */
const trap = (id: number, columns: string[], keywords: string[]): TrapEntry => ({
  id,
  name: `trap ${id}`,
  description: '',
  columns,
  howToAvoid: '',
  probe: 'twin',
  otherProbes: [],
  reportKeywords: keywords,
  measured: {},
});
const CATALOG = [
  trap(1, ['investigation_calls'], ['investigation_calls', 'post-outcome']),
  trap(3, ['claim_id', 'ingest_batch'], ['claim_id', 'migration']),
  trap(4, ['ingest_batch'], ['shuffle', 'sorted']),
  trap(6, ['customer_id'], ['customer_id', 'group']),
  trap(7, ['claim_id', 'damage_type'], ['duplicate']),
  trap(8, ['aux_01'], ['aux_', 'noise']),
];

const leak = (flagged: boolean): LeakProbe => ({
  column: 'investigation_calls',
  trap: 1,
  n: 1000,
  rho: flagged ? 0.4 : 0,
  oracleRho: 0,
  partialRho: flagged ? 0.4 : 0.01,
  pValue: flagged ? 0.001 : 0.6,
  threshold: 0.1,
  flagged,
});
const twin = (kind: string, trapId: number, flagged: boolean, effect?: TwinProbe['effect']): TwinProbe => ({
  kind,
  trap: trapId,
  type: effect ? 'effect' : 'nuisance',
  pairs: 80,
  fields: { [kind === 'noise' ? 'aux_*' : kind === 'id' ? 'claim_id' : kind === 'batch' ? 'ingest_batch' : 'damage_type']: { pairs: 80, meanAbsChange: 0, shareMoved: flagged ? 0.9 : 0 } },
  meanAbsChange: flagged ? 0.05 : 0,
  maxAbsChange: flagged ? 0.2 : 0,
  meanAbsLogitChange: flagged ? 0.8 : 0,
  shareMoved: flagged ? 0.9 : 0,
  ...(effect ? { effect } : {}),
  flagged,
  examples: [],
});
const estimate = (direction: EstimateGap['direction']): EstimateGap => ({
  metric: 'roc_auc',
  estimate: direction === 'optimistic' ? 0.97 : direction === 'pessimistic' ? 0.6 : 0.8,
  hidden: 0.8,
  interval: { low: 0.78, high: 0.82 },
  gap: 0,
  direction,
  optimistic: direction === 'optimistic',
});

function probes(patch: Partial<ProbeResults> = {}): ProbeResults {
  return {
    distinctPredictions: 2,
    informative: true,
    ceiling: [],
    leaks: [leak(false)],
    twins: [twin('id', 3, false), twin('batch', 3, false), twin('noise', 8, false), twin('duplicate-effect', 7, false, { modelShift: 0.5, oracleShift: 0.4, excess: 0.1 })],
    calibration: {} as ProbeResults['calibration'],
    estimates: [estimate('within')],
    ...patch,
  };
}

/** A report that names every trap, excludes every column, and claims a time- and customer-grouped validation. */
const STUFFED: MlReport = {
  ...structuredClone(EXAMPLE_ML_REPORT),
  validation: { ...EXAMPLE_ML_REPORT.validation, strategy: 'time-group-split', time_aware: true, group_aware: true, description: 'shuffled, grouped by customer_id, deduplicated' },
  excluded_features: CATALOG.flatMap((t) => t.columns).map((column) => ({ column, reason: 'post-outcome noise migration duplicate' })),
};
const outcome = (verdicts: ReturnType<typeof trapVerdicts>) => Object.fromEntries(verdicts.map((v) => [v.trap, v.outcome]));

describe('trapVerdicts', () => {
  it('gives report-stuffed constant predictions no trap "avoided": the words only make "claimed"', () => {
    const constant = probes({ distinctPredictions: 1, informative: false });
    const verdicts = trapVerdicts(CATALOG, constant, STUFFED);
    expect(verdicts.filter((v) => v.outcome === 'avoided')).toEqual([]);
    expect(verdicts.every((v) => v.outcome === 'claimed')).toBe(true);
    for (const v of verdicts) expect(v.reasons.join(' ')).toMatch(/words only, not evidence/);
  });

  it('calls a trap avoided only on quiet probes over predictions that rank, and shows the claim next to the evidence', () => {
    const v = trapVerdicts(CATALOG, probes(), STUFFED);
    expect(outcome(v)).toEqual({ 1: 'avoided', 3: 'avoided', 4: 'avoided', 6: 'avoided', 7: 'avoided', 8: 'avoided' });
    const three = v.find((x) => x.trap === 3)!;
    expect(three.reasons[0]).toMatch(/id twins: 0% of 80 pairs move/);
    expect(three.reasons.at(-1)).toMatch(/the report claims it/);
  });

  it('lets a probe that fires win over a report that claims the opposite, and says so', () => {
    const caught = probes({ leaks: [leak(true)], twins: [twin('batch', 3, true), twin('noise', 8, true), twin('duplicate-effect', 7, true, { modelShift: 1.6, oracleShift: 0.4, excess: 1.2 })] });
    const v = trapVerdicts(CATALOG, caught, STUFFED);
    expect(outcome(v)).toMatchObject({ 1: 'fell-for', 3: 'fell-for', 7: 'fell-for', 8: 'fell-for' });
    expect(v.find((x) => x.trap === 1)!.reasons.join(' ')).toMatch(/the report says investigation_calls was excluded, but the predictions track it/);
    expect(v.find((x) => x.trap === 3)!.reasons.join(' ')).toMatch(/the report says ingest_batch was excluded, but the predictions move with it/);
    expect(v.find((x) => x.trap === 7)!.reasons[0]).toMatch(/excess 1\.200.*overstates the effect/);
  });

  it('blames an optimistic estimate on a trap only where the declared validation has its blind spot', () => {
    const random: MlReport = { ...STUFFED, validation: { ...STUFFED.validation, strategy: 'random-kfold', time_aware: false, group_aware: false } };
    const optimistic = probes({ estimates: [estimate('optimistic')] });
    expect(outcome(trapVerdicts(CATALOG, optimistic, random))[6]).toBe('fell-for');
    // The same numbers under a report that claims a grouped split: the claim and the estimate disagree; not avoided.
    const claimed = trapVerdicts(CATALOG, optimistic, STUFFED).find((v) => v.trap === 6)!;
    expect(claimed.outcome).toBe('claimed');
    expect(claimed.reasons.join(' ')).toMatch(/the estimate is optimistic .*although the report declares a time-group-split validation.*disagree/);
  });

  it("does not let other quiet probes clear a trap an optimistic estimate contradicts (the dishonest report's trap 6)", () => {
    // Customer twins stay quiet (the model does not encode customers), but the estimate is far above the
    // hidden score while the report claims a customer-grouped split: the words must not turn that into "avoided".
    const dishonest = probes({ estimates: [estimate('optimistic')], twins: [twin('customer', 6, false)] });
    const v = trapVerdicts(CATALOG, dishonest, STUFFED).find((x) => x.trap === 6)!;
    expect(v.outcome).toBe('claimed');
    expect(v.reasons[0]).toMatch(/optimistic.*the claim and the estimate disagree/);
    expect(v.reasons.join(' ')).toMatch(/quiet probes \(customer twins: 0% of 80 pairs move.*cannot clear a trap the estimate contradicts/);
  });

  it('names a pessimistic estimate as such, with the reason, never "within the hidden interval"', () => {
    const v = trapVerdicts(CATALOG, probes({ estimates: [estimate('pessimistic')] }), STUFFED).find((x) => x.trap === 4)!;
    expect(v.outcome).toBe('claimed');
    const text = v.reasons.join(' ');
    expect(text).toMatch(/roc_auc estimate 0\.600 vs hidden 0\.800 \[0\.780, 0\.820\] is pessimistic \(below the hidden interval\): the validation fold is harder/);
    expect(text).not.toMatch(/within the hidden interval/);
  });

  it('does not let a pessimistic average precision hide a within ROC-AUC (AP follows the base rate)', () => {
    const ap = { ...estimate('pessimistic'), metric: 'average_precision' as const };
    const v = trapVerdicts(CATALOG, probes({ estimates: [estimate('within'), ap] }), STUFFED).find((x) => x.trap === 4)!;
    expect(v.outcome).toBe('avoided');
    expect(v.reasons.join(' ')).toMatch(/average precision rises with the base rate/);
  });

  it('keeps a trap unknown, saying why, when no probe decides and the report is silent', () => {
    const silent: MlReport = { ...structuredClone(EXAMPLE_ML_REPORT), excluded_features: [], data_issues: [], validation: { ...EXAMPLE_ML_REPORT.validation, description: 'a split' } };
    const v = trapVerdicts(CATALOG, probes({ estimates: [] }), silent).find((x) => x.trap === 4)!;
    expect(v.outcome).toBe('unknown');
    expect(v.reasons.join(' ')).toMatch(/order of train\.csv leaves no trace/);
  });

  it('does not call trap 7 avoided when the model ignores the field the duplicates inflate', () => {
    const ignores = probes({ twins: [twin('duplicate-effect', 7, false, { modelShift: 0, oracleShift: 0.4, excess: -0.4 })] });
    const v = trapVerdicts(CATALOG, ignores, undefined).find((x) => x.trap === 7)!;
    expect(v.outcome).toBe('unknown');
    expect(v.reasons.join(' ')).toMatch(/does not respond to the field/);
  });
});

describe('Python import failures', () => {
  it('names the module a run could not import, and the supported list', () => {
    const stderr = 'Traceback (most recent call last):\n  File "predict.py", line 3, in <module>\n    import lightgbm as lgb\nModuleNotFoundError: No module named \'lightgbm\'\n';
    expect(missingPythonModule(stderr)).toBe('lightgbm');
    expect(missingPythonModule('Error: Cannot find module')).toBeUndefined();
    const problem = importProblem('lightgbm');
    expect(problem).toMatch(/could not import the Python module "lightgbm": "lightgbm" is not installed/);
    expect(problem).toMatch(/numpy, pandas, scikit-learn \(import sklearn\) and scipy/);
    expect(importProblem('sklearn.ensemble')).toMatch(/"sklearn" is supported, but the grading host lacks it: run `takehome doctor`/);
  });
});
