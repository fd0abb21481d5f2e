import { createStream, type CandidateSeed } from '../../harness/secrets';
import { pearson } from '../../harness/stats';
import { assignTrainIds, batchOrder, routeKey, routeRates, hubWindowRates, investigationCalls, latestHubRates, planCopies, type CopyKind, type CopyPlan, type IdCursor } from './derive';
import { nearVariant, ALL_NULL_TOKENS } from './formats';
import { NOISE_COLUMNS, NOISE_NAMES, columnIndex, drawWeightStyle, renderRows, type RowFacts } from './render';
import type { Claim } from './simulate';
import { TRAIN_END, TRAIN_START } from './world';

/**
 * The training file: base claims plus copies (trap 7), the artefact columns
 * computed over the whole extract (traps 1-3, 5), rendered and then sorted by
 * load batch and label (trap 4).
 */

/** Fields a near-duplicate may differ in: case and whitespace of a label. */
const NEAR_FIELDS = ['customer_segment', 'commodity', 'damage_type', 'channel', 'origin_hub', 'destination_hub', 'shipment_mode', 'packaging_type'];
const NULL_SET = new Set<string>(ALL_NULL_TOKENS);

export interface TrainRow {
  facts: RowFacts;
  /** Index of the base row this row is (base rows) or copies. */
  source: number;
  copy: CopyKind | null;
  cells: string[];
}

export interface TrainSplit {
  /** Final rows in file order. */
  rows: TrainRow[];
  routeRate: Map<number, number>;
  latestHubRate: Map<number, number>;
  idCursor: IdCursor;
  /** The noise column most correlated with the label here, the one selection on train would keep. */
  selectedNoise: { column: string; correlation: number };
  copies: CopyPlan[];
}

/** One row of the noise block, standard normal values kept in thousandths. */
export function noiseRow(rng: { normal(): number }): Int32Array {
  const out = new Int32Array(NOISE_COLUMNS);
  for (let k = 0; k < NOISE_COLUMNS; k++) out[k] = Math.round(rng.normal() * 1000);
  return out;
}

export function buildTrain(seed: CandidateSeed, claims: readonly Claim[], copyCount: Record<CopyKind, number>): TrainSplit {
  const { ids, cursor } = assignTrainIds(createStream(seed, 'ml.ids').fork('train'), claims);
  const copyStream = createStream(seed, 'ml.copies');
  const copies = planCopies(copyStream.fork('plan'), claims, copyCount);

  const source = [...claims.map((_, i) => i), ...copies.map((c) => c.source)];
  const labels = source.map((s, i) => {
    const label = claims[s]!.label;
    return i >= claims.length && copies[i - claims.length]!.kind === 'conflict' ? ((1 - label) as 0 | 1) : label;
  });
  const routeRate = routeRates(
    source.map((s) => routeKey(claims[s]!)),
    labels,
  );
  const hubRate = hubWindowRates(
    source.map((s) => claims[s]!.origin),
    source.map((s) => claims[s]!.claimDay),
    labels,
    TRAIN_START,
    TRAIN_END,
  );
  const latestHubRate = latestHubRates(
    source.map((s) => claims[s]!.origin),
    source.map((s) => claims[s]!.claimDay),
    labels,
  );

  const rCalls = createStream(seed, 'ml.investigation').fork('train');
  const rNoise = createStream(seed, 'ml.noise').fork('train');
  const rRender = createStream(seed, 'ml.render').fork('train');
  const rStyle = rRender.fork('weight-style');
  const base: RowFacts[] = claims.map((claim, i) => ({
    claim,
    label: claim.label,
    id: ids[i]!,
    calls: investigationCalls(rCalls, claim.label, 'train'),
    routeRate: routeRate.get(routeKey(claim)) ?? null,
    hubRate: hubRate[i] as number,
    showLegacy: true,
    weightStyle: drawWeightStyle(rStyle),
    noise: noiseRow(rNoise),
  }));
  const baseCells = renderRows(rRender, base);

  const rNear = copyStream.fork('near');
  const rows: TrainRow[] = base.map((facts, i) => ({ facts, source: i, copy: null, cells: baseCells[i]! }));
  copies.forEach((plan, k) => {
    const from = rows[plan.source]!;
    const cells = from.cells.slice();
    if (plan.kind === 'near') {
      const options = NEAR_FIELDS.map(columnIndex).filter((col) => cells[col] !== undefined && !NULL_SET.has((cells[col] as string).trim()));
      const col = rNear.pick(options);
      cells[col] = nearVariant(rNear, cells[col] as string);
    }
    rows.push({ facts: { ...from.facts, label: labels[claims.length + k] as 0 | 1 }, source: plan.source, copy: plan.kind, cells });
  });

  // Trap 4: the file comes sorted by load batch, then by outcome, then by id.
  const keys = rows.map((row, i) => ({ row, i, batch: batchOrder(row.facts.id.batch) }));
  keys.sort((a, b) => a.batch - b.batch || a.row.facts.label - b.row.facts.label || a.row.facts.id.idNum - b.row.facts.id.idNum || a.i - b.i);
  const ordered = keys.map((k) => k.row);

  return { rows: ordered, routeRate, latestHubRate, idCursor: cursor, selectedNoise: strongestNoise(ordered), copies };
}

/** The noise column with the largest |Pearson correlation| with the label (harness/stats), and that correlation. */
function strongestNoise(rows: readonly TrainRow[]): { column: string; correlation: number } {
  const y = Float64Array.from(rows, (row) => row.facts.label);
  const x = new Float64Array(rows.length);
  let best = { column: NOISE_NAMES[0] as string, correlation: 0 };
  for (let k = 0; k < NOISE_COLUMNS; k++) {
    rows.forEach((row, i) => (x[i] = row.facts.noise[k] as number));
    const r = pearson(x, y);
    if (r !== null && Math.abs(r) > Math.abs(best.correlation)) best = { column: NOISE_NAMES[k] as string, correlation: r };
  }
  return best;
}
