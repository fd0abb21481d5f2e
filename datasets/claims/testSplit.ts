import { createStream, type CandidateSeed } from '../../harness/secrets';
import { quarterLabel } from './dates';
import { TEST_BLOCK_SHARE, assignTestIds, formatClaimId, investigationCalls, routeKey, type IdCursor } from './derive';
import { COLUMNS, columnIndex, drawWeightStyle, renderRows, type RowFacts, type TwinKind } from './render';
import type { Claim } from './simulate';
import { noiseRow } from './train';
import { planTwins, type TwinContext } from './twins';

/**
 * The test file: later-period claims of new customers, with every artefact column
 * at the value it has when a prediction is made, plus unscored twin probes,
 * shuffled together.
 */

export interface TestRow {
  facts: RowFacts;
  cells: string[];
  id: string;
  /** For twins: the original's id, the changed field, the kind of change and (effect twins) the true change of log-odds. */
  twin: { of: string; field: string; kind: TwinKind; oracleShift?: number } | null;
}

export interface TestSplitInput {
  claims: readonly Claim[];
  twinCount: number;
  routeRate: Map<number, number>;
  latestHubRate: Map<number, number>;
  idCursor: IdCursor;
  twinContext: TwinContext;
}

export function buildTest(seed: CandidateSeed, input: TestSplitInput): TestRow[] {
  const idStream = createStream(seed, 'ml.ids').fork('test');
  const rBlock = idStream.fork('block');
  const rCalls = createStream(seed, 'ml.investigation').fork('test');
  const rNoise = createStream(seed, 'ml.noise').fork('test');
  const rRender = createStream(seed, 'ml.render').fork('test');
  const rStyle = rRender.fork('weight-style');

  const scored: RowFacts[] = input.claims.map((claim) => ({
    claim,
    label: claim.label,
    id: { idNum: 0, block: rBlock.bernoulli(TEST_BLOCK_SHARE), batch: quarterLabel(claim.claimDay) },
    calls: investigationCalls(rCalls, claim.label, 'test'),
    routeRate: input.routeRate.get(routeKey(claim)) ?? null,
    hubRate: input.latestHubRate.get(claim.origin) ?? null,
    showLegacy: false,
    weightStyle: drawWeightStyle(rStyle),
    noise: noiseRow(rNoise),
  }));
  const cells = renderRows(rRender, scored);

  const twins = planTwins(
    createStream(seed, 'ml.twins'),
    scored.map((facts, i) => ({
      cells: cells[i]!,
      noise: facts.noise,
      block: facts.id.block,
      calls: facts.calls,
      damage: facts.claim.damage,
      alternatives: (col: number, current: string) => COLUMNS[col]?.alternatives?.(facts, current) ?? [],
    })),
    input.twinCount,
    input.twinContext,
  );

  const allFacts = [...scored, ...twins.map((t) => ({ ...scored[t.original]!, noise: t.noise, calls: t.calls }))];
  const blocks = [...scored.map((f) => f.id.block), ...twins.map((t) => t.block)];
  const ids = assignTestIds(
    idStream.fork('numbers'),
    allFacts.map((f) => f.claim.claimDay),
    blocks,
    input.idCursor,
  );
  const idCol = columnIndex('claim_id');

  const rows: TestRow[] = allFacts.map((facts, i) => {
    const rowCells = i < scored.length ? cells[i]! : twins[i - scored.length]!.cells;
    const id = formatClaimId(ids[i]!.idNum);
    rowCells[idCol] = id;
    return { facts: { ...facts, id: ids[i]! }, cells: rowCells, id, twin: null };
  });
  twins.forEach((t, k) => {
    const row = rows[scored.length + k]!;
    row.twin = { of: rows[t.original]!.id, field: t.field, kind: t.kind, ...(t.oracleShift === undefined ? {} : { oracleShift: t.oracleShift }) };
  });
  return createStream(seed, 'ml.order').fork('test').shuffle(rows);
}
