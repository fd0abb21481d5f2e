import { MIGRATION_BATCH, REEXPORT, REEXPORT_DAMAGE } from './derive';
import { ALL_NULL_TOKENS } from './formats';
import { auc, mean, pearson, round } from './metrics';
import { COLUMNS, columnIndex, noiseIndex, NOISE_NAMES } from './render';
import type { TestRow } from './testSplit';
import type { TrainSplit } from './train';
import { PACKAGING, UNSEEN_PACKAGING, type World } from './world';

/**
 * Measure every trap on the generated rows, so the hidden catalog records how
 * strong each trap is for this seed (and a grader can show it as evidence).
 */

export type Measured = Record<number, Record<string, number | string | null>>;

const share = (xs: readonly boolean[]) => (xs.length === 0 ? Number.NaN : xs.filter(Boolean).length / xs.length);

export function measureTraps(world: World, train: TrainSplit, test: readonly TestRow[]): Measured {
  const tr = train.rows;
  const scored = test.filter((r) => r.twin === null);
  const yTrain = tr.map((r) => r.facts.label);
  const yTest = scored.map((r) => r.facts.label);
  const pos = tr.filter((r) => r.facts.label === 1);
  const neg = tr.filter((r) => r.facts.label === 0);
  const withRate = scored.filter((r) => r.facts.routeRate !== null);
  const withHub = scored.filter((r) => r.facts.hubRate !== null);

  const tail = tr.slice(Math.floor(tr.length * 0.8));
  const head = tr.slice(0, Math.floor(tr.length * 0.8));

  const trainCustomers = new Set(tr.map((r) => r.facts.claim.customer.num));
  const testCustomers = new Set(scored.map((r) => r.facts.claim.customer.num));
  let overlap = 0;
  for (const c of testCustomers) if (trainCustomers.has(c)) overlap++;

  const copies = (kind: string) => tr.filter((r) => r.copy === kind).length;
  const noiseCol = noiseIndex(train.selectedNoise.column);

  const tokenCounts = new Map<string, number>(ALL_NULL_TOKENS.map((t) => [t, 0]));
  const nullable = COLUMNS.map((c, i) => (c.nullTokens ? i : -1)).filter((i) => i >= 0);
  for (const rows of [tr, test] as const) {
    for (const row of rows) {
      for (const col of nullable) {
        const cell = row.cells[col] as string;
        const n = tokenCounts.get(cell);
        if (n !== undefined) tokenCounts.set(cell, n + 1);
      }
    }
  }

  const packCol = columnIndex('packaging_type');
  const spellings = new Set(tr.map((r) => r.cells[packCol] as string));
  const amountCol = columnIndex('claim_amount');

  return {
    1: {
      trainAuc: round(
        auc(
          tr.map((r) => r.facts.calls),
          yTrain,
        ),
      ),
      testAuc: round(
        auc(
          scored.map((r) => r.facts.calls),
          yTest,
        ),
      ),
    },
    2: {
      trainAuc: round(
        auc(
          tr.map((r) => r.facts.routeRate ?? 0),
          yTrain,
        ),
      ),
      testAuc: round(
        auc(
          withRate.map((r) => r.facts.routeRate as number),
          withRate.map((r) => r.facts.label),
        ),
      ),
      testRowsWithoutRate: scored.length - withRate.length,
    },
    3: {
      trainPositivesInBlock: round(share(pos.map((r) => r.facts.id.block))),
      trainNegativesInBlock: round(share(neg.map((r) => r.facts.id.block))),
      testPositivesInBlock: round(share(scored.filter((r) => r.facts.label === 1).map((r) => r.facts.id.block))),
      testNegativesInBlock: round(share(scored.filter((r) => r.facts.label === 0).map((r) => r.facts.id.block))),
      idTrainAuc: round(
        auc(
          tr.map((r) => r.facts.id.idNum),
          yTrain,
        ),
      ),
      idTestAuc: round(
        auc(
          scored.map((r) => r.facts.id.idNum),
          yTest,
        ),
      ),
    },
    4: {
      positiveRateFirst80: round(mean(head.map((r) => r.facts.label))),
      positiveRateLast20: round(mean(tail.map((r) => r.facts.label))),
      migrationBatch: MIGRATION_BATCH,
      migrationRows: tr.filter((r) => r.facts.id.batch === MIGRATION_BATCH).length,
    },
    5: {
      trainBaseRate: round(mean(yTrain)),
      testBaseRate: round(mean(yTest)),
      interceptShift: round(world.interceptShift),
      driftFeature: world.drift.feature,
      driftTrainCoefficient: round(world.drift.train),
      driftTestCoefficient: round(world.drift.test),
      hubRateTrainAuc: round(
        auc(
          tr.map((r) => r.facts.hubRate ?? 0),
          yTrain,
        ),
      ),
      hubRateTestAuc: round(
        auc(
          withHub.map((r) => r.facts.hubRate as number),
          withHub.map((r) => r.facts.label),
        ),
      ),
    },
    6: {
      trainCustomers: trainCustomers.size,
      testCustomers: testCustomers.size,
      sharedCustomers: overlap,
      claimsPerTrainCustomer: round(tr.length / trainCustomers.size, 2),
      customerRiskSd: round(world.coef.customerSd),
    },
    7: {
      exactDuplicates: copies('exact'),
      nearDuplicates: copies('near'),
      conflictingLabels: copies('conflict'),
      reexportedType: REEXPORT.damageType,
      reexportedFraudRateRaw: round(mean(tr.filter((r) => r.facts.claim.damage === REEXPORT_DAMAGE).map((r) => r.facts.label))),
      reexportedFraudRateDeduplicated: round(mean(tr.filter((r) => r.copy === null && r.facts.claim.damage === REEXPORT_DAMAGE).map((r) => r.facts.label))),
    },
    8: {
      noiseColumns: NOISE_NAMES.length,
      strongestColumn: train.selectedNoise.column,
      strongestTrainCorrelation: round(train.selectedNoise.correlation),
      strongestTestCorrelation: round(
        pearson(
          scored.map((r) => r.facts.noise[noiseCol] as number),
          yTest,
        ),
      ),
    },
    9: Object.fromEntries([...tokenCounts].map(([token, n]) => [`count[${JSON.stringify(token)}]`, n])),
    10: {
      packagingSpellingsInTrain: spellings.size,
      unseenCategory: PACKAGING[UNSEEN_PACKAGING] as string,
      unseenShareOfTest: round(share(scored.map((r) => r.facts.claim.packaging === UNSEEN_PACKAGING))),
    },
    11: {
      abbreviatedAmountsInTrain: tr.filter((r) => (r.cells[amountCol] as string).endsWith('k')).length,
      dollarAmountsInTrain: tr.filter((r) => (r.cells[amountCol] as string).startsWith('$')).length,
    },
    12: {
      currencyTopShare: round(share(tr.map((r) => r.cells[columnIndex('currency')] === 'USD'))),
      legacyEmptyInTest: round(share(scored.map((r) => r.cells[columnIndex('legacy_risk_code')] === ''))),
      legacyTrainAuc: round(
        auc(
          tr.map((r) => r.facts.claim.customer.legacy),
          yTrain,
        ),
      ),
    },
  };
}
