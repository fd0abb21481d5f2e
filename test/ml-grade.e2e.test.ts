import { ML_METRICS } from '../graders/ml/metric-names';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClaimsDataset, type ClaimsDataset } from '../datasets/claims';
import { gradeMl } from '../graders/ml/grade';
import { EXAMPLE_ML_REPORT, type MlReport } from '../graders/ml/report';
import { scorecardSchema, type Scorecard } from '../harness/scorecard';
import { DEMO_SECRET, deriveCandidateSeed } from '../harness/secrets';
import { SAFETY_NET_MS } from './test-helpers';

/**
 * End to end: hand-made submissions graded against the demo variant. The
 * oracle (the generating probabilities) must beat a copy of a leak column,
 * with no trap fallen for; the leak copy must be caught on its trap.
 */
const run = promisify(execFile);
const CANDIDATE = 'demo-candidate';
let dataset: ClaimsDataset;
let root: string;

function predictionsCsv(f: (id: string) => number): string {
  return `claim_id,probability\n${dataset.hidden.testIds.map((id) => `${id},${f(id)}`).join('\n')}\n`;
}

async function submission(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
  return dir;
}

const grade = (dir: string) => gradeMl({ submissionDir: dir, secret: DEMO_SECRET, candidate: CANDIDATE, dataset, replicates: 200, runTimeoutMs: SAFETY_NET_MS });
const trapOutcome = (s: Scorecard, trap: number) => s.items.find((i) => i.id === `trap-${trap}`)?.evidence.outcome;

beforeAll(async () => {
  dataset = generateClaimsDataset(deriveCandidateSeed(DEMO_SECRET, 'ml', CANDIDATE));
  root = await mkdtemp(join(tmpdir(), 'takehome-ml-grade-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('gradeMl on hand-made predictions', () => {
  const oracle = (id: string) => {
    const twin = dataset.hidden.twins.find((t) => t.id === id);
    return dataset.hidden.oracle.probabilities.get(twin ? twin.twinOf : id)!;
  };
  const report = (patch: (r: MlReport) => void = () => undefined) => {
    const r = structuredClone(EXAMPLE_ML_REPORT);
    patch(r);
    return JSON.stringify(r);
  };

  it('scores the oracle high, with no trap fallen for and no flag', async () => {
    const dir = await submission('oracle', { 'predictions.csv': predictionsCsv(oracle), 'report.json': report() });
    const s = scorecardSchema.parse(await grade(dir));
    expect(s.status).toBe('graded');
    expect(s.metrics.roc_auc!.value).toBeCloseTo(dataset.hidden.oracle.testAuc, 3);
    expect(s.metrics.traps_fell_for!.value).toBe(0);
    expect(s.flags).toEqual([]);
    expect(s.items.filter((i) => i.kind === 'trap')).toHaveLength(12);
    // The typed union of metric names is exactly what the grader writes.
    expect(Object.keys(s.metrics).sort()).toEqual([...ML_METRICS].sort());
  });

  it('catches a copy of investigation_calls (trap 1) and scores it lower', async () => {
    const calls = dataset.hidden.leakValues.investigation_calls!;
    const dir = await submission('leak', {
      'predictions.csv': predictionsCsv((id) => Math.min(1, (calls.get(id) ?? 0) / 40)),
      'report.json': report((r) => (r.validation = { ...r.validation, strategy: 'random-kfold', time_aware: false, group_aware: false, estimates: { roc_auc: 0.99 } })),
    });
    const s = await grade(dir);
    expect(s.status).toBe('graded');
    expect(trapOutcome(s, 1)).toBe('fell-for');
    expect(trapOutcome(s, 6)).toBe('fell-for'); // not grouped, and 0.99 is far above the hidden interval
    expect(s.flags.filter((f) => f.code === 'leakage-suspected').map((f) => f.evidence?.trap)).toEqual(expect.arrayContaining([1, 6]));
    expect(s.metrics.roc_auc!.value!).toBeLessThan(0.6);
  });

  it('gives report-stuffed constant predictions no trap "avoided" on words alone', async () => {
    // Every column excluded, every trap named, a time- and customer-grouped split claimed with an honest-looking estimate.
    const columns = [...new Set(dataset.hidden.catalog.flatMap((t) => t.columns))];
    const words = dataset.hidden.catalog.flatMap((t) => t.reportKeywords).join(', ');
    const dir = await submission('stuffed', {
      'predictions.csv': predictionsCsv(() => dataset.hidden.baseRates.train),
      'report.json': report((r) => {
        r.validation = {
          strategy: 'time-group-split',
          time_aware: true,
          group_aware: true,
          description: `shuffled, stratified, grouped by customer_id: ${words}`.slice(0, 2000),
          estimates: { roc_auc: 0.5 },
        };
        r.excluded_features = columns.map((column) => ({ column, reason: 'post-outcome, identifier, noise, empty in test, near-constant' }));
        r.data_issues = [{ issue: 'duplicates, conflicting labels, -999 sentinel, spelling, formats', columns: [], handling: 'dedup, normalised, parsed' }];
      }),
    });
    const s = await grade(dir);
    expect(s.status).toBe('graded');
    const traps = s.items.filter((i) => i.kind === 'trap');
    expect(traps.filter((i) => i.evidence.outcome === 'avoided')).toEqual([]);
    expect(s.metrics.traps_avoided!.value).toBe(0);
    // The claims are shown, as claims.
    expect(s.metrics.traps_claimed!.value).toBeGreaterThanOrEqual(10);
    for (const i of traps.filter((t) => t.evidence.outcome === 'claimed')) expect(i.verdicts.trap!.reason).toMatch(/words only, not evidence/);
  });

  it('flags predictions that knew the hidden labels as implausible (critical), above the oracle ceiling', async () => {
    const labels = dataset.hidden.labels;
    const dir = await submission('labels', {
      'predictions.csv': predictionsCsv((id) => labels.get(id) ?? labels.get(dataset.hidden.twins.find((t) => t.id === id)!.twinOf)!),
      'report.json': report(),
    });
    const s = await grade(dir);
    const flag = s.flags.find((f) => f.code === 'implausible-score');
    expect(flag?.severity).toBe('critical');
    expect(flag?.message).toMatch(/above what the generating probabilities themselves reach/);
    expect(s.items.find((i) => i.id === 'ceiling-roc_auc')!.verdicts.ceiling!.pass).toBe(false);
  });

  it('marks malformed predictions invalid with line numbers, keeping the report check', async () => {
    const lines = predictionsCsv(oracle).split('\n');
    lines[3] = lines[3]!.replace(/,.*/, ',NaN');
    lines[7] = lines[1]!; // duplicate of line 2
    const dir = await submission('malformed', { 'predictions.csv': lines.join('\n'), 'report.json': report() });
    const s = await grade(dir);
    expect(s.status).toBe('invalid');
    const text = s.problems.join('\n');
    expect(text).toMatch(/predictions\.csv:4: claim_id \S+: probability is NaN/);
    expect(text).toMatch(/predictions\.csv:8: duplicate claim_id \S+ \(first on line 2\)/);
    expect(text).toMatch(/have no row/); // the row the duplicate replaced is now missing
    expect(s.metrics).toEqual({});
    expect(s.items.find((i) => i.id === 'report')?.evidence.report).toEqual(EXAMPLE_ML_REPORT); // nothing else is lost
  });

  it('reruns a run command in the sandbox and flags predictions that do not reproduce', async () => {
    const good = predictionsCsv(oracle);
    const dir = await submission('rerun', {
      'takehome.json': JSON.stringify({ exercise: 'ml', run: 'test -f "$DATA_DIR/test.csv" && cp kept/predictions.csv kept/report.json "$OUT_DIR/"' }),
      'predictions.csv': predictionsCsv((id) => Math.min(1, oracle(id) * 1.1)),
      'report.json': report(),
    });
    await mkdir(join(dir, 'kept'));
    await writeFile(join(dir, 'kept', 'predictions.csv'), good);
    await writeFile(join(dir, 'kept', 'report.json'), report());
    const s = await grade(dir);
    expect(s.items.find((i) => i.id === 'run')?.verdicts.run?.pass).toBe(true);
    const check = s.items.find((i) => i.id === 'reproducibility')!;
    expect(check.verdicts.reproduces!.pass).toBe(false);
    expect(check.evidence.shareDiffering).toBeGreaterThan(0.9);
    expect(s.flags.map((f) => f.code)).toContain('not-reproducible');
  });

  it('names the Python module a run could not import, and the supported list', async () => {
    const dir = await submission('py-import', {
      'takehome.json': JSON.stringify({ exercise: 'ml', run: 'python3 -c "import numpy, lightgbm"' }),
    });
    const s = await grade(dir);
    expect(s.status).toBe('invalid');
    expect(s.problems.join('\n')).toMatch(/could not import the Python module "lightgbm".*numpy, pandas, scikit-learn \(import sklearn\) and scipy/);
    expect(s.items.find((i) => i.id === 'run')?.evidence.missingModule).toBe('lightgbm');
  });
});

describe('takehome grade --exercise ml (CLI)', () => {
  it('exits 1 for an invalid submission, names the line, and writes the scorecard', async () => {
    const dir = await submission('cli-bad', { 'predictions.csv': 'claim_id,probability\nQF-1,2\n', 'report.json': JSON.stringify(EXAMPLE_ML_REPORT) });
    const out = join(root, 'cli-out');
    const error = await run('node', ['bin/takehome.mjs', 'grade', dir, '--exercise', 'ml', '--candidate', CANDIDATE, '--out', out], {
      env: { ...process.env, NO_COLOR: '1', TAKEHOME_SECRET: DEMO_SECRET },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((error as { code: number }).code).toBe(1);
    expect((error as { stderr: string }).stderr).toMatch(/predictions\.csv:2: /);
    const written = JSON.parse(await readFile(join(out, 'scorecard.json'), 'utf8')) as Scorecard;
    expect(written.status).toBe('invalid');
  });
});
