import { UsageError } from '../../harness/errors';
import { createStream, type CandidateSeed } from '../../harness/secrets';
import { LEAK_COLUMNS, buildCatalog, type LeakColumn } from './catalog';
import { toCsv } from './csv';
import { REEXPORT, REEXPORT_DAMAGE, copyCounts, investigationCalls } from './derive';
import { buildDictionary, renderDictionaryMarkdown } from './dictionary';
import { measureTraps } from './measure';
import { auc, mean, round } from './metrics';
import { FEATURE_COLUMNS, LABEL_COLUMN, csvRow } from './render';
import { generateOptionsSchema, type ColumnDoc, type DictionaryJson, type GenerateOptions, type TrapEntry, type TwinRecord } from './schema';
import { drawClaims, drawCustomerNumbers, drawCustomers, labelClaims } from './simulate';
import { buildTest, type TestRow } from './testSplit';
import { buildTrain } from './train';
import { TWIN_SHARE, type TwinContext } from './twins';
import { TEST_END, TEST_START, TRAIN_END, TRAIN_START, buildWorld } from './world';
import type { TrainSplit } from './train';

export const DEFAULT_TRAIN_ROWS = 60_000;
export const DEFAULT_TEST_ROWS = 20_000;

export interface ClaimsHiddenKey {
  /** Public fingerprint of the variant (never the seed). */
  variant: string;
  /** Label of every scored test id (twins excluded). */
  labels: Map<string, 0 | 1>;
  twins: TwinRecord[];
  catalog: TrapEntry[];
  leakColumns: LeakColumn[];
  /** Test-time value of each leak column per test id (twins included); no entry where the cell is empty. */
  leakValues: Record<string, Map<string, number>>;
  /** Every id of test.csv, in file order. */
  testIds: string[];
  /** The ids that are scored: testIds without the twins, in file order. */
  scoredIds: string[];
  /** train: every row of train.csv; trainDeduplicated: one row per claim; test: the scored rows; expectedTest: the rate the dictionary and brief state for the scoring period. */
  baseRates: { train: number; trainDeduplicated: number; test: number; expectedTest: number };
  /** The generating function's own probabilities: the ceiling any model can reach. */
  oracle: { trainAuc: number; testAuc: number; probabilities: Map<string, number> };
}

export interface ClaimsDataset {
  trainCsv: string;
  /** No label column. */
  testCsv: string;
  dictionary: { markdown: string; columns: ColumnDoc[]; json: DictionaryJson };
  hidden: ClaimsHiddenKey;
}

function parseOptions(options: GenerateOptions): Required<GenerateOptions> {
  const parsed = generateOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new UsageError(`invalid claims dataset options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, {
      hint: 'trainRows is an integer from 2000 to 500000 and testRows from 1000 to 200000; omit both for the default 60000/20000',
    });
  }
  return { trainRows: parsed.data.trainRows ?? DEFAULT_TRAIN_ROWS, testRows: parsed.data.testRows ?? DEFAULT_TEST_ROWS };
}

function leakValue(row: TestRow, column: string): number | null {
  switch (column) {
    case 'investigation_calls':
      return row.facts.calls;
    case 'route_fraud_rate':
      return row.facts.routeRate;
    case 'claim_id':
      return row.facts.id.idNum;
    case 'hub_fraud_rate_14d':
      return row.facts.hubRate;
    default:
      throw new RangeError(`no test-time value for leak column ${column}`);
  }
}

/** customer_id of training customers with at least two confirmed frauds, most frauds first (customer twins take one). */
function riskyCustomers(train: TrainSplit): string[] {
  const frauds = new Map<number, number>();
  for (const row of train.rows) if (row.copy === null && row.facts.label === 1) frauds.set(row.facts.claim.customer.num, (frauds.get(row.facts.claim.customer.num) ?? 0) + 1);
  return [...frauds]
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, 50)
    .map(([num]) => `CU-${num}`);
}

/**
 * Generate one candidate's claims dataset. Everything is drawn from named streams
 * of the seed ("ml.<purpose>"), so the same seed gives byte-identical files.
 */
export function generateClaimsDataset(seed: CandidateSeed, options: GenerateOptions = {}): ClaimsDataset {
  const { trainRows, testRows } = parseOptions(options);
  const copies = copyCounts(trainRows);
  const baseTrain = trainRows - copies.exact - copies.near - copies.conflict;
  const twinCount = Math.round(testRows * TWIN_SHARE);
  const scoredCount = testRows - twinCount;

  const world = buildWorld(createStream(seed, 'ml.world'));
  const customerStream = createStream(seed, 'ml.customers');
  // About 3.6 claims per training customer and 2.4 per test customer (a shorter period).
  const trainCustomerCount = Math.max(20, Math.round(baseTrain / 3.6));
  const testCustomerCount = Math.max(20, Math.round(scoredCount / 2.4));
  const numbers = drawCustomerNumbers(customerStream.fork('numbers'), trainCustomerCount + testCustomerCount);
  const trainCustomers = drawCustomers(customerStream.fork('train'), world, numbers.slice(0, trainCustomerCount), TRAIN_START, TRAIN_END);
  const testCustomers = drawCustomers(customerStream.fork('test'), world, numbers.slice(trainCustomerCount), TEST_START, TEST_END);

  const claimStream = createStream(seed, 'ml.claims');
  const trainClaims = drawClaims(claimStream.fork('train'), world, 'train', trainCustomers, baseTrain);
  const testClaims = drawClaims(claimStream.fork('test'), world, 'test', testCustomers, scoredCount);
  labelClaims(createStream(seed, 'ml.labels'), world, trainClaims, testClaims);

  const train = buildTrain(seed, trainClaims, copies);
  const twinContext: TwinContext = {
    riskyCustomers: riskyCustomers(train),
    reexported: { index: REEXPORT_DAMAGE, label: REEXPORT.damageType, effects: world.testCoef.damage },
    closedCalls: (rng) => investigationCalls(rng, 1, 'train'),
  };
  const test = buildTest(seed, {
    claims: testClaims,
    twinCount,
    routeRate: train.routeRate,
    latestHubRate: train.latestHubRate,
    idCursor: train.idCursor,
    twinContext,
  });

  const trainCsv = toCsv(
    [...FEATURE_COLUMNS, LABEL_COLUMN],
    train.rows.map((r) => csvRow(r.cells, r.facts.noise, r.facts.label)),
  );
  const testCsv = toCsv(
    FEATURE_COLUMNS,
    test.map((r) => csvRow(r.cells, r.facts.noise)),
  );
  const scored = test.filter((r) => r.twin === null);
  // What the claims team forecasts for the scoring period: the generating function's own expected rate, stated in the dictionary and the brief.
  const expectedTestRate = round(mean(scored.map((r) => r.facts.claim.prob)), 3);
  const dictionary = buildDictionary(expectedTestRate);

  const leakValues: Record<string, Map<string, number>> = {};
  for (const { column } of LEAK_COLUMNS) {
    const values = new Map<string, number>();
    for (const row of test) {
      const v = leakValue(row, column);
      if (v !== null) values.set(row.id, v);
    }
    leakValues[column] = values;
  }
  const measured = measureTraps(world, train, test);

  return {
    trainCsv,
    testCsv,
    dictionary: {
      markdown: renderDictionaryMarkdown(dictionary, { train: train.rows.length, test: test.length }),
      columns: dictionary.columns,
      json: dictionary,
    },
    hidden: {
      variant: seed.fingerprint,
      labels: new Map(scored.map((r) => [r.id, r.facts.label])),
      twins: test.flatMap((r) =>
        r.twin ? [{ id: r.id, twinOf: r.twin.of, field: r.twin.field, kind: r.twin.kind, ...(r.twin.oracleShift === undefined ? {} : { oracleShift: r.twin.oracleShift }) }] : [],
      ),
      catalog: buildCatalog(world, measured, train.selectedNoise.column),
      leakColumns: LEAK_COLUMNS.map((l) => ({ ...l })),
      leakValues,
      testIds: test.map((r) => r.id),
      scoredIds: scored.map((r) => r.id),
      baseRates: {
        train: round(mean(train.rows.map((r) => r.facts.label)), 5),
        trainDeduplicated: round(mean(train.rows.filter((r) => r.copy === null).map((r) => r.facts.label)), 5),
        test: round(mean(scored.map((r) => r.facts.label)), 5),
        expectedTest: expectedTestRate,
      },
      oracle: {
        trainAuc: round(
          auc(
            train.rows.map((r) => r.facts.claim.prob),
            train.rows.map((r) => r.facts.label),
          ),
        ),
        testAuc: round(
          auc(
            scored.map((r) => r.facts.claim.prob),
            scored.map((r) => r.facts.label),
          ),
        ),
        probabilities: new Map(scored.map((r) => [r.id, r.facts.claim.prob])),
      },
    },
  };
}
