import { beforeAll, describe, expect, it } from 'vitest';
import { fitLogistic, predictLogit } from '../../harness/stats';
import { auc } from './metrics';
import { parseAmount, parseNumber, type Table } from './testing/clean';
import { buildVocabulary, honestFeatures } from './testing/features';
import { fixture, type Fixture } from './testing/fixture';

/**
 * The legitimate signal is real and transfers to the hidden test labels, while
 * every leak column scores far better on train than on test.
 */

let f: Fixture;
let yTrain: number[];
let scored: number[];
let yTest: number[];

function dedupeById(table: Table): number[] {
  const seen = new Set<string>();
  const keep: number[] = [];
  const id = table.col('claim_id');
  table.rows.forEach((row, i) => {
    if (!seen.has(row[id] as string)) {
      seen.add(row[id] as string);
      keep.push(i);
    }
  });
  return keep;
}

beforeAll(() => {
  f = fixture();
  yTrain = f.train.values('is_fraud').map(Number);
  const idCol = f.test.col('claim_id');
  scored = f.test.rows.map((r, i) => (f.dataset.hidden.labels.has(r[idCol] as string) ? i : -1)).filter((i) => i >= 0);
  yTest = scored.map((i) => f.dataset.hidden.labels.get(f.test.rows[i]![idCol] as string) as number);
});

describe('honest signal', () => {
  it('a logistic regression on filing-time features reaches a useful AUC on the hidden test labels', () => {
    const keep = dedupeById(f.train);
    const vocab = buildVocabulary(f.train);
    const xTrainAll = honestFeatures(f.train, vocab);
    const xTest = honestFeatures(f.test, vocab);
    // Validate the way the brief intends: hold out the latest claims of training customers never fitted on.
    const customer = f.train.col('customer_id');
    const heldCustomers = new Set<string>();
    keep.forEach((i) => {
      const c = f.train.rows[i]![customer] as string;
      if (Number.parseInt(c.slice(-2), 10) % 5 === 0) heldCustomers.add(c);
    });
    const fitRows = keep.filter((i) => !heldCustomers.has(f.train.rows[i]![customer] as string));
    const valRows = keep.filter((i) => heldCustomers.has(f.train.rows[i]![customer] as string));
    const w = fitLogistic(
      fitRows.map((i) => xTrainAll[i]!),
      fitRows.map((i) => yTrain[i]!),
    );
    const validationAuc = auc(
      valRows.map((i) => predictLogit(w, xTrainAll[i]!)),
      valRows.map((i) => yTrain[i]!),
    );
    const testAuc = auc(
      scored.map((i) => predictLogit(w, xTest[i]!)),
      yTest,
    );
    console.info(`honest model: validation AUC ${validationAuc.toFixed(3)}, hidden test AUC ${testAuc.toFixed(3)}, oracle ${f.dataset.hidden.oracle.testAuc}`);
    expect(testAuc).toBeGreaterThan(0.7);
    expect(testAuc).toBeLessThan(f.dataset.hidden.oracle.testAuc);
    // An honest grouped validation predicts the hidden score (apart from the documented drift).
    expect(Math.abs(validationAuc - testAuc)).toBeLessThan(0.06);
  });

  it('the ratio of claimed to declared value alone carries signal in both periods', () => {
    const ratio = (t: Table) =>
      t.rows.map((r) => {
        const a = parseAmount(r[t.col('claim_amount')] as string);
        const v = parseAmount(r[t.col('declared_value')] as string);
        return a !== null && v !== null ? a / v : 0.45;
      });
    const trainRatio = ratio(f.train);
    const testRatio = ratio(f.test);
    expect(auc(trainRatio, yTrain)).toBeGreaterThan(0.6);
    expect(
      auc(
        scored.map((i) => testRatio[i]!),
        yTest,
      ),
    ).toBeGreaterThan(0.6);
  });
});

describe('leak columns', () => {
  it('each leak column scores much better on train than on the hidden test labels', () => {
    for (const { column } of f.dataset.hidden.leakColumns) {
      const read = (t: Table) => t.values(column).map((cell) => (column === 'claim_id' ? Number(cell.slice(3)) : (parseNumber(cell) ?? -1)));
      const trainAuc = auc(read(f.train), yTrain);
      const testValues = read(f.test);
      const testAuc = auc(
        scored.map((i) => testValues[i]!),
        yTest,
      );
      console.info(`${column}: train AUC ${trainAuc.toFixed(3)}, test AUC ${testAuc.toFixed(3)}`);
      expect(trainAuc - testAuc, column).toBeGreaterThan(0.15);
    }
  });

  it('a model that adds the leak columns looks better in sample and does worse on test', () => {
    const vocab = buildVocabulary(f.train);
    const leaks = f.dataset.hidden.leakColumns.map((l) => l.column).filter((c) => c !== 'claim_id');
    const withLeaks = (t: Table) => {
      const honest = honestFeatures(t, vocab);
      return honest.map((x, i) => {
        const extra = leaks.map((c) => parseNumber(t.rows[i]![t.col(c)] as string) ?? 0);
        return Float64Array.from([...x, ...extra]);
      });
    };
    const xTrain = withLeaks(f.train);
    const xTest = withLeaks(f.test);
    const honestTrain = honestFeatures(f.train, vocab);
    const honestTest = honestFeatures(f.test, vocab);
    const wLeak = fitLogistic(xTrain, yTrain);
    const wHonest = fitLogistic(honestTrain, yTrain);
    const leakTrainAuc = auc(
      xTrain.map((x) => predictLogit(wLeak, x)),
      yTrain,
    );
    const honestTrainAuc = auc(
      honestTrain.map((x) => predictLogit(wHonest, x)),
      yTrain,
    );
    const leakTestAuc = auc(
      scored.map((i) => predictLogit(wLeak, xTest[i]!)),
      yTest,
    );
    const honestTestAuc = auc(
      scored.map((i) => predictLogit(wHonest, honestTest[i]!)),
      yTest,
    );
    console.info(`leaky model: train ${leakTrainAuc.toFixed(3)} test ${leakTestAuc.toFixed(3)}; honest: train ${honestTrainAuc.toFixed(3)} test ${honestTestAuc.toFixed(3)}`);
    expect(leakTrainAuc).toBeGreaterThan(honestTrainAuc + 0.1);
    expect(leakTestAuc).toBeLessThan(honestTestAuc);
  });
});
