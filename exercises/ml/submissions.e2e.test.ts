import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClaimsDataset, writeCandidateData, type ClaimsDataset } from '../../datasets/claims';
import { parsePredictions } from '../../graders/ml/predictions';
import { parseMlReport } from '../../graders/ml/report';
import { InvalidSubmissionError } from '../../harness/errors';
import { DEMO_SECRET, deriveCandidateSeed } from '../../harness/secrets';
import { MALFORMED_SUBMISSIONS, RUN_SUBMISSIONS, malformedDir, runSubmission, runSubmissionSandboxed, scoreOutputs, type HiddenScore, type RunSubmissionName } from './submissions';
import { SAFETY_NET_MS } from '../../test/test-helpers';

/**
 * The reference and calibration submissions, run directly (not sandboxed) on a
 * small generated dataset and scored on its hidden key with the grader's own
 * parsers and metrics. Full-size figures: `npx tsx exercises/ml/measure.ts`.
 */

const seed = deriveCandidateSeed(DEMO_SECRET, 'ml', 'demo-candidate');
let dataset: ClaimsDataset;
let scratch: string;
let dataDir: string;
const scores = {} as Record<RunSubmissionName, HiddenScore>;

beforeAll(async () => {
  dataset = generateClaimsDataset(seed, { trainRows: 8000, testRows: 3000 });
  scratch = await mkdtemp(join(tmpdir(), 'takehome-ml-submissions-'));
  dataDir = join(scratch, 'data');
  await writeCandidateData(dataDir, dataset);
  for (const name of Object.keys(RUN_SUBMISSIONS) as RunSubmissionName[]) {
    const outDir = join(scratch, name);
    await runSubmission(RUN_SUBMISSIONS[name], dataDir, outDir, SAFETY_NET_MS);
    scores[name] = await scoreOutputs(outDir, dataset.hidden, seed, 200);
  }
});

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('run submissions on a small dataset', () => {
  it('every submission writes a prediction for every test id and a schema-valid report', () => {
    for (const name of Object.keys(RUN_SUBMISSIONS) as RunSubmissionName[]) {
      expect(scores[name].predictions.size, name).toBe(dataset.hidden.testIds.length);
      expect(scores[name].report.schema, name).toBe('takehome.ml-report/v1');
    }
  });

  it('both references beat both leaky models and constant on hidden average precision', () => {
    const { reference, leaky, constant } = scores;
    for (const ref of [reference, scores['reference-python']]) {
      expect(ref.averagePrecision).toBeGreaterThan(leaky.averagePrecision);
      expect(ref.averagePrecision).toBeGreaterThan(scores['leaky-python'].averagePrecision);
      expect(ref.averagePrecision).toBeGreaterThan(constant.averagePrecision);
      expect(ref.rocAuc).toBeGreaterThan(0.7);
    }
  });

  it('the Python reference moves its probabilities to the stated rate of the scoring period', () => {
    const stated = dataset.dictionary.json.testPeriod.expectedFraudRate;
    expect(scores['reference-python'].meanProbability).toBeCloseTo(stated, 2);
    expect(scores['reference-python'].report.imbalance.recalibrated).toBe(true);
    expect(scores['reference-python'].maxTwinGap).toBe(0);
    expect(scores['leaky-python'].maxTwinGap).toBeGreaterThan(0.01);
  });

  it('leaky reports an optimistic estimate; the reference an honest one', () => {
    const { reference, leaky } = scores;
    expect(leaky.report.validation.estimates.roc_auc).toBeGreaterThan(leaky.rocAuc + 0.2);
    expect(Math.abs((reference.report.validation.estimates.roc_auc as number) - reference.rocAuc)).toBeLessThan(0.08);
  });

  it('leaky predictions follow the post-outcome leak column; the reference ignores it', () => {
    expect(scores.leaky.leakCorrelation.investigation_calls).toBeGreaterThan(0.2);
    expect(Math.abs(scores.reference.leakCorrelation.investigation_calls as number)).toBeLessThan(0.05);
    expect(Math.abs(scores.reference.leakCorrelation.claim_id as number)).toBeLessThan(0.1);
  });

  it('the reference gives every twin probe exactly its original prediction; leaky does not', () => {
    expect(dataset.hidden.twins.length).toBeGreaterThan(0);
    expect(scores.reference.maxTwinGap).toBe(0);
    expect(scores.leaky.maxTwinGap).toBeGreaterThan(0.01);
  });

  it('oversampled probabilities sit far above the fraud rate; the reference stays near it', () => {
    const { test, train } = dataset.hidden.baseRates;
    expect(scores.oversampled.meanProbability).toBeGreaterThan(3 * test);
    expect(scores.reference.meanProbability).toBeGreaterThan(train / 2);
    expect(scores.reference.meanProbability).toBeLessThan(2 * test);
    expect(scores.oversampled.report.imbalance).toMatchObject({ method: 'oversampling', recalibrated: false });
    // Same features and validation: the ranking is as good as the reference's.
    expect(scores.oversampled.rocAuc).toBeGreaterThan(scores.reference.rocAuc - 0.03);
  });

  it('the constant predicts one value, the training base rate', () => {
    const values = new Set(scores.constant.predictions.values());
    expect(values.size).toBe(1);
    expect([...values][0]).toBeCloseTo(dataset.hidden.baseRates.train, 3);
  });

  it("the reference's exclusions, decided from the dictionary and data, cover every leak, identifier and noise column of the trap catalog", () => {
    const excluded = new Set(scores.reference.report.excluded_features.map((e) => e.column));
    const mustDrop = dataset.hidden.catalog
      .filter((t) => [1, 2, 3, 8, 12].includes(t.id))
      .flatMap((t) => t.columns)
      .filter((c) => !['origin_hub', 'destination_hub', 'commodity'].includes(c));
    for (const column of [...mustDrop, 'hub_fraud_rate_14d', 'customer_id']) expect(excluded, column).toContain(column);
    for (const column of ['claim_amount', 'declared_value', 'photo_evidence', 'packaging_type', 'claim_date']) expect(excluded, column).not.toContain(column);
    expect(scores.leaky.report.excluded_features).toEqual([]);
  });

  it('the reference names the data issues it handled', () => {
    const text = JSON.stringify(scores.reference.report.data_issues).toLowerCase();
    for (const word of ['-999', 'duplicate', 'conflicting', 'spelling', 'tote', 'lb', 'sorted', 'format']) expect(text, word).toContain(word);
  });

  it.each(['reference', 'reference-python', 'leaky-python'] as const)('%s is deterministic: a second run writes the same bytes', async (name) => {
    const again = join(scratch, `${name}-again`);
    await runSubmission(RUN_SUBMISSIONS[name], dataDir, again, SAFETY_NET_MS);
    for (const file of ['predictions.csv', 'report.json']) {
      expect(await readFile(join(again, file), 'utf8'), file).toBe(await readFile(join(scratch, name, file), 'utf8'));
    }
  });
});

describe('in the sandbox', () => {
  it.each(['reference', 'reference-python'] as const)('%s finds its packages there (mounted node_modules / system python3) and writes the same predictions', async (name) => {
    const run = await runSubmissionSandboxed(RUN_SUBMISSIONS[name], dataDir);
    try {
      expect(await readFile(join(run.outDir, 'predictions.csv'), 'utf8')).toBe(await readFile(join(scratch, name, 'predictions.csv'), 'utf8'));
    } finally {
      await run.cleanup();
    }
  });
});

describe('malformed submissions', () => {
  const cases: { name: (typeof MALFORMED_SUBMISSIONS)[number]; file: 'predictions.csv' | 'report.json'; message: RegExp }[] = [
    { name: 'missing-id', file: 'predictions.csv', message: /missing/i },
    { name: 'probability-out-of-range', file: 'predictions.csv', message: /predictions\.csv:2: .*1\.7/ },
    { name: 'nan-probability', file: 'predictions.csv', message: /predictions\.csv:3: .*NaN/ },
    { name: 'duplicate-id', file: 'predictions.csv', message: /duplicate/i },
    { name: 'report-missing-estimates', file: 'report.json', message: /validation\.estimates/ },
  ];

  it('covers every malformed submission', () => {
    expect(cases.map((c) => c.name).sort()).toEqual([...MALFORMED_SUBMISSIONS].sort());
  });

  it.each(cases)('$name is rejected, naming the defect', async ({ name, file, message }) => {
    const outDir = join(scratch, `malformed-${name}`);
    await runSubmission(malformedDir(name), dataDir, outDir, SAFETY_NET_MS);
    const settle = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => e,
      );
    const predictionsError = await settle(parsePredictions(join(outDir, 'predictions.csv'), dataset.hidden.testIds));
    const reportError = await settle(parseMlReport(join(outDir, 'report.json')));
    const [error, other] = file === 'predictions.csv' ? [predictionsError, reportError] : [reportError, predictionsError];
    expect(other).toBeUndefined();
    expect(error).toBeInstanceOf(InvalidSubmissionError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(message);
  });
});
