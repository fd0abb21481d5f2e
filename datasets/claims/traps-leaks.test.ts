import { beforeAll, describe, expect, it } from 'vitest';
import { dayOf } from './dates';
import { auc, mean } from './metrics';
import { isNullToken, parseBool, parseDay, parseNumber } from './testing/clean';
import { fixture, type Fixture } from './testing/fixture';

/**
 * Traps 1-6 measured on the generated files (parsed like a candidate would),
 * with the hidden labels for the test side. Nothing here reads generator state
 * other than the hidden key a grader also gets.
 */

let f: Fixture;
let yTrain: number[];
/** Row indexes of scored test rows, and their hidden labels. */
let scored: number[];
let yTest: number[];
const norm = (s: string) => s.trim().toLowerCase();

beforeAll(() => {
  f = fixture();
  yTrain = f.train.values('is_fraud').map(Number);
  const ids = f.test.values('claim_id');
  scored = ids.map((id, i) => (f.dataset.hidden.labels.has(id) ? i : -1)).filter((i) => i >= 0);
  yTest = scored.map((i) => f.dataset.hidden.labels.get(ids[i]!) as number);
});

const testValues = (column: string) => {
  const all = f.test.values(column);
  return scored.map((i) => all[i]!);
};

describe('trap 1: a feature recorded after the outcome', () => {
  it('investigation_calls separates the classes in train and is independent of the label in test', () => {
    const train = f.train.values('investigation_calls').map(Number);
    const test = testValues('investigation_calls').map(Number);
    expect(auc(train, yTrain)).toBeGreaterThan(0.85);
    expect(Math.abs(auc(test, yTest) - 0.5)).toBeLessThan(0.04);
    const ratio = (xs: number[], ys: number[]) => mean(xs.filter((_, i) => ys[i] === 1)) / mean(xs.filter((_, i) => ys[i] === 0));
    expect(ratio(train, yTrain)).toBeGreaterThan(3);
    expect(ratio(test, yTest)).toBeGreaterThan(0.8);
    expect(ratio(test, yTest)).toBeLessThan(1.25);
  });
});

describe("trap 2: a rate column that includes each row's own label", () => {
  const groupKey = (row: string[], cols: number[]) => cols.map((c) => norm(row[c] as string)).join('|');

  it('route_fraud_rate equals the group mean with the row itself included, not the leave-one-out mean', () => {
    const cols = ['origin_hub', 'destination_hub', 'commodity'].map((c) => f.train.col(c));
    const commodity = f.train.col('commodity');
    const rate = f.train.col('route_fraud_rate');
    // Lanes where some row hides its commodity behind a null marker cannot be regrouped exactly: skip them.
    const laneKey = (row: string[]) => groupKey(row, cols.slice(0, 2));
    const hiddenLanes = new Set(f.train.rows.filter((row) => isNullToken(row[commodity] as string)).map(laneKey));
    const visible = (row: string[]) => !hiddenLanes.has(laneKey(row));
    const n = new Map<string, number>();
    const k = new Map<string, number>();
    f.train.rows.forEach((row, i) => {
      if (!visible(row)) return;
      const key = groupKey(row, cols);
      n.set(key, (n.get(key) ?? 0) + 1);
      k.set(key, (k.get(key) ?? 0) + yTrain[i]!);
    });
    let inclusive = 0;
    let leaveOneOut = 0;
    let checked = 0;
    f.train.rows.forEach((row, i) => {
      if (!visible(row) || yTrain[i] !== 1) return;
      const key = groupKey(row, cols);
      const size = n.get(key)!;
      if (size < 2) return;
      const value = Number(row[rate]);
      checked++;
      if (Math.abs(value - k.get(key)! / size) < 6e-5) inclusive++;
      if (Math.abs(value - (k.get(key)! - 1) / (size - 1)) < 6e-5) leaveOneOut++;
    });
    expect(checked).toBeGreaterThan(100);
    expect(inclusive).toBe(checked);
    expect(leaveOneOut / checked).toBeLessThan(0.05);
  });

  it('in test, route_fraud_rate is the training-period rate of the group', () => {
    const trainCols = ['origin_hub', 'destination_hub', 'commodity'].map((c) => f.train.col(c));
    const testCols = ['origin_hub', 'destination_hub', 'commodity'].map((c) => f.test.col(c));
    const trainRate = new Map<string, string>();
    f.train.rows.forEach((row) => trainRate.set(groupKey(row, trainCols), row[f.train.col('route_fraud_rate')] as string));
    let same = 0;
    let known = 0;
    for (const row of f.test.rows) {
      const expected = trainRate.get(groupKey(row, testCols));
      if (expected === undefined || isNullToken(row[f.test.col('commodity')] as string)) continue;
      known++;
      if (row[f.test.col('route_fraud_rate')] === expected) same++;
    }
    expect(same / known).toBeGreaterThan(0.95);
  });
});

describe('trap 3: an identifier that tracks the label', () => {
  it('ids from the migration range concentrate positives in train but not in test', () => {
    const inBlock = (id: string) => Number(id.slice(3)) >= 4_000_000;
    const trainBlock = f.train.values('claim_id').map(inBlock);
    const testBlock = testValues('claim_id').map(inBlock);
    const shareAmong = (flags: boolean[], ys: number[], y: number) => mean(flags.filter((_, i) => ys[i] === y).map(Number));
    expect(shareAmong(trainBlock, yTrain, 1)).toBeGreaterThan(0.3);
    expect(shareAmong(trainBlock, yTrain, 0)).toBeLessThan(0.02);
    expect(Math.abs(shareAmong(testBlock, yTest, 1) - shareAmong(testBlock, yTest, 0))).toBeLessThan(0.03);
    expect(shareAmong(testBlock, yTest, 0)).toBeGreaterThan(0.02);
  });
});

describe('trap 4: the training file is sorted by batch and label', () => {
  const batchKey = (b: string) => (b.startsWith('MIGRATION') ? 1e9 : Number(b.slice(0, 4)) * 10 + Number(b.slice(-1)));

  it('rows are ordered by ingest_batch, then label', () => {
    const batches = f.train.values('ingest_batch').map(batchKey);
    let ordered = true;
    for (let i = 1; i < batches.length; i++) {
      const prev = [batches[i - 1]!, yTrain[i - 1]!];
      const cur = [batches[i]!, yTrain[i]!];
      if (cur[0]! < prev[0]! || (cur[0] === prev[0] && cur[1]! < prev[1]!)) ordered = false;
    }
    expect(ordered).toBe(true);
  });

  it('a head/tail split and unshuffled 5-fold give very different base rates', () => {
    const cut = Math.floor(yTrain.length * 0.8);
    expect(mean(yTrain.slice(cut))).toBeGreaterThan(3 * mean(yTrain.slice(0, cut)));
    const size = Math.ceil(yTrain.length / 5);
    const rates = [0, 1, 2, 3, 4].map((k) => mean(yTrain.slice(k * size, (k + 1) * size)));
    expect(Math.max(...rates) / Math.min(...rates)).toBeGreaterThan(3);
  });
});

describe('trap 5: time', () => {
  it('the test period has a higher base rate', () => {
    expect(mean(yTest)).toBeGreaterThan(mean(yTrain) + 0.01);
    expect(f.dataset.hidden.baseRates.test).toBeCloseTo(mean(yTest), 5);
  });

  it('the drifted feature changes its effect between periods; the other flag does not', () => {
    const drift = f.dataset.hidden.catalog.find((t) => t.id === 5)!.measured.driftFeature as string;
    const other = drift === 'photo_evidence' ? 'signed_on_delivery' : 'photo_evidence';
    const logOdds = (values: string[], ys: number[]) => {
      const cells = [0, 0, 0, 0]; // [flag][label]
      values.forEach((v, i) => {
        const b = parseBool(v);
        if (b !== null) cells[(b ? 2 : 0) + ys[i]!]! += 1;
      });
      return Math.log((cells[3]! * cells[0]!) / (cells[2]! * cells[1]!));
    };
    const change = (column: string) => logOdds(testValues(column), yTest) - logOdds(f.train.values(column), yTrain);
    expect(Math.abs(change(drift))).toBeGreaterThan(0.35);
    expect(Math.abs(change(other))).toBeLessThan(0.25);
  });

  it('hub_fraud_rate_14d looks ahead in train and is frozen at the last closed window in test', () => {
    const days = f.train.values('claim_date').map((d) => parseDay(d)!);
    const hubs = f.train.values('origin_hub').map(norm);
    const rates = f.train.values('hub_fraud_rate_14d').map(Number);
    const byHub = new Map<string, number[]>();
    hubs.forEach((h, i) => byHub.set(h, [...(byHub.get(h) ?? []), i]));
    // Every 20th row: the centred 15-day window at its hub, own row and later rows included.
    let exact = 0;
    let withFuture = 0;
    let checked = 0;
    for (let i = 0; i < days.length; i += 20) {
      const window = byHub.get(hubs[i]!)!.filter((j) => Math.abs(days[j]! - days[i]!) <= 7);
      const rate = window.reduce((s, j) => s + yTrain[j]!, 0) / window.length;
      checked++;
      if (Math.abs(rate - rates[i]!) < 6e-5) exact++;
      if (window.some((j) => days[j]! > days[i]!)) withFuture++;
    }
    expect(exact).toBe(checked);
    expect(withFuture / checked).toBeGreaterThan(0.5);

    const lastWindow = dayOf(2023, 12, 17);
    const latest = new Map<string, number>();
    const count = new Map<string, number>();
    hubs.forEach((h, i) => {
      if (days[i]! < lastWindow) return;
      latest.set(h, (latest.get(h) ?? 0) + yTrain[i]!);
      count.set(h, (count.get(h) ?? 0) + 1);
    });
    const testHubs = f.test.values('origin_hub').map(norm);
    const testRates = f.test.values('hub_fraud_rate_14d');
    testHubs.forEach((h, i) => {
      const expected = count.has(h) ? latest.get(h)! / count.get(h)! : null;
      if (expected === null) expect(testRates[i]).toBe('');
      else expect(Math.abs(Number(testRates[i]) - expected)).toBeLessThan(6e-5);
    });
    expect(
      auc(rates, yTrain) -
        auc(
          scored.map((i) => Number(testRates[i] || 0)),
          yTest,
        ),
    ).toBeGreaterThan(0.1);
  });
});

describe('trap 6: repeated customers', () => {
  it('customers file several claims in train, share risk across them, and never appear on a scored test row', () => {
    const trainCustomers = f.train.values('customer_id');
    const scored = new Set(f.dataset.hidden.scoredIds);
    const testIds = f.test.values('claim_id');
    const testCustomers = new Set(f.test.values('customer_id').filter((_, i) => scored.has(testIds[i]!)));
    expect(trainCustomers.some((c) => testCustomers.has(c))).toBe(false);
    const claims = new Map<string, number[]>();
    const ids = f.train.values('claim_id');
    const seen = new Set<string>();
    trainCustomers.forEach((c, i) => {
      if (seen.has(ids[i]!)) return; // one row per claim
      seen.add(ids[i]!);
      claims.set(c, [...(claims.get(c) ?? []), i]);
    });
    expect(seen.size / claims.size).toBeGreaterThan(2.5);
    // A claim's outcome given whether another claim of the same customer was fraudulent.
    let withFraudSibling = [0, 0];
    let withCleanSiblings = [0, 0];
    for (const rows of claims.values()) {
      if (rows.length < 2) continue;
      for (const i of rows) {
        const sibling = rows.some((j) => j !== i && yTrain[j] === 1);
        if (sibling) withFraudSibling = [withFraudSibling[0]! + yTrain[i]!, withFraudSibling[1]! + 1];
        else withCleanSiblings = [withCleanSiblings[0]! + yTrain[i]!, withCleanSiblings[1]! + 1];
      }
    }
    const rate = (x: number[]) => x[0]! / x[1]!;
    // Without a shared customer risk the ratio would be about 1.
    expect(rate(withFraudSibling)).toBeGreaterThan(1.5 * rate(withCleanSiblings));
  });

  it('prior_claims_12m is a filing-time reading of the same customer risk, present in both periods', () => {
    const prior = (values: string[]) => values.map((v) => parseNumber(v) ?? 0);
    expect(auc(prior(f.train.values('prior_claims_12m')), yTrain)).toBeGreaterThan(0.55);
    expect(auc(prior(testValues('prior_claims_12m')), yTest)).toBeGreaterThan(0.55);
  });
});
