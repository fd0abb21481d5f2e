import type { RandomStream } from '../../harness/secrets';
import { DATE_FORMATS, formatDate, type DateFormat } from './dates';
import { csvLine } from './csv';
import { formatClaimId, type IdFacts } from './derive';
import { BOOL_NULLS, NUMERIC_NULLS, TEXT_NULLS, amountAlternatives, boolAlternatives, caseVariants, drawAmount, drawBool, numberText } from './formats';
import type { Claim } from './simulate';
import { CHANNELS, COMMODITIES, DAMAGE_TYPES, HUBS, LEGACY_CODES, MODES, PACKAGING, PACKAGING_VARIANTS, SEGMENTS } from './world';

/**
 * Rendering: a claim's facts become the strings of one CSV line, with the source
 * systems' mixed formats, null markers and spellings. Every column draws from its
 * own stream, so a change to one column's mess leaves the others' bytes alone.
 */

export const NOISE_COLUMNS = 40;
export const NOISE_NAMES = Array.from({ length: NOISE_COLUMNS }, (_, i) => `aux_${String(i + 1).padStart(2, '0')}`);
export const LABEL_COLUMN = 'is_fraud';

export interface RowFacts {
  claim: Claim;
  label: 0 | 1;
  id: IdFacts;
  calls: number;
  routeRate: number | null;
  hubRate: number | null;
  showLegacy: boolean;
  /** 0 kg + unit column, 1 lb + unit column, 2 "12.5 kg" suffix, 3 "27.6 lb" suffix */
  weightStyle: number;
  /** The noise block in thousandths (aux value = noise[k] / 1000), exact to what the CSV shows. */
  noise: Int32Array;
}

export type TwinKind = 'id' | 'batch' | 'customer' | 'post-outcome' | 'duplicate-effect' | 'noise' | 'null-token' | 'spelling' | 'format' | 'retired-column';

interface ColumnSpec {
  name: string;
  nullRate?: number;
  nullTokens?: readonly string[];
  /** Structurally absent for this row: rendered "" with no random missing marker. */
  absent?(f: RowFacts): boolean;
  /** null = structurally absent (rendered ""), as opposed to a random missing marker. */
  value(f: RowFacts, rng: RandomStream): string | null;
  /** Other renderings of the same non-null value, for twin probes. */
  alternatives?(f: RowFacts, current: string): string[];
  twinKind?: 'format' | 'spelling';
}

const DATE_WEIGHT = [55, 20, 15, 10];
const drawDate = (rng: RandomStream, day: number) => formatDate(day, rng.weighted(DATE_FORMATS, DATE_WEIGHT));
const dateAlternatives = (day: number, current: string) => DATE_FORMATS.map((f: DateFormat) => formatDate(day, f)).filter((s) => s !== current);

function categoryAlternatives(label: string, variants: readonly string[], current: string): string[] {
  return [label, ...variants].filter((s) => s !== current);
}

function spelled(rng: RandomStream, label: string, variants: readonly string[], rate: number): string {
  return rng.bernoulli(rate) ? rng.pick(variants) : label;
}

const LB_PER_KG = 2.20462;

function dateColumn(name: string, pick: (c: Claim) => number, nullRate?: number): ColumnSpec {
  return {
    name,
    ...(nullRate === undefined ? {} : { nullRate, nullTokens: TEXT_NULLS }),
    value: (f, rng) => drawDate(rng, pick(f.claim)),
    alternatives: (f, current) => dateAlternatives(pick(f.claim), current),
    twinKind: 'format',
  };
}

function boolColumn(name: string, pick: (c: Claim) => boolean, nullRate: number): ColumnSpec {
  return {
    name,
    nullRate,
    nullTokens: BOOL_NULLS,
    value: (f, rng) => drawBool(rng, pick(f.claim)),
    alternatives: (f, current) => boolAlternatives(pick(f.claim), current),
    twinKind: 'format',
  };
}

function amountColumn(name: string, pick: (c: Claim) => number, nullRate?: number): ColumnSpec {
  return {
    name,
    ...(nullRate === undefined ? {} : { nullRate, nullTokens: NUMERIC_NULLS }),
    value: (f, rng) => drawAmount(rng, pick(f.claim)),
    alternatives: (f, current) => amountAlternatives(pick(f.claim), current),
    twinKind: 'format',
  };
}

function categoryColumn(name: string, labels: readonly string[], pick: (c: Claim) => number, variantRate: number, nullRate: number, variants?: readonly (readonly string[])[]): ColumnSpec {
  const variantsOf = (i: number) => variants?.[i] ?? caseVariants(labels[i] as string);
  return {
    name,
    nullRate,
    nullTokens: TEXT_NULLS,
    value: (f, rng) => spelled(rng, labels[pick(f.claim)] as string, variantsOf(pick(f.claim)), variantRate),
    alternatives: (f, current) => categoryAlternatives(labels[pick(f.claim)] as string, variantsOf(pick(f.claim)), current),
    twinKind: 'spelling',
  };
}

export const COLUMNS: readonly ColumnSpec[] = [
  { name: 'claim_id', value: (f) => formatClaimId(f.id.idNum) },
  { name: 'ingest_batch', value: (f) => f.id.batch },
  dateColumn('claim_date', (c) => c.claimDay),
  dateColumn('ship_date', (c) => c.shipDay, 0.01),
  dateColumn('delivery_date', (c) => c.deliveryDay, 0.015),
  { name: 'claim_hour', nullRate: 0.03, nullTokens: NUMERIC_NULLS, value: (f) => String(f.claim.claimHour) },
  { name: 'customer_id', value: (f) => `CU-${f.claim.customer.num}` },
  categoryColumn('customer_segment', SEGMENTS, (c) => c.customer.segment, 0.04, 0.02),
  dateColumn('customer_since', (c) => c.customer.sinceDay, 0.02),
  { name: 'prior_claims_12m', nullRate: 0.04, nullTokens: NUMERIC_NULLS, value: (f) => String(f.claim.priorClaims) },
  {
    name: 'legacy_risk_code',
    nullRate: 0.1,
    nullTokens: TEXT_NULLS,
    absent: (f) => !f.showLegacy,
    value: (f) => LEGACY_CODES[f.claim.customer.legacy] as string,
  },
  { name: 'origin_hub', value: (f) => HUBS[f.claim.origin] as string },
  { name: 'destination_hub', value: (f) => HUBS[f.claim.dest] as string },
  { name: 'route_risk_index', nullRate: 0.03, nullTokens: NUMERIC_NULLS, value: (f) => String(f.claim.laneRiskIndex) },
  { name: 'route_fraud_rate', value: (f) => (f.routeRate === null ? null : numberText(f.routeRate, 4)) },
  { name: 'hub_fraud_rate_14d', value: (f) => (f.hubRate === null ? null : numberText(f.hubRate, 4)) },
  { name: 'shipment_mode', value: (f) => MODES[f.claim.mode] as string },
  categoryColumn('commodity', COMMODITIES, (c) => c.commodity, 0.05, 0.01),
  categoryColumn('packaging_type', PACKAGING, (c) => c.packaging, 0.15, 0.015, PACKAGING_VARIANTS),
  { name: 'num_packages', value: (f) => String(f.claim.numPackages) },
  {
    name: 'weight',
    nullRate: 0.02,
    nullTokens: NUMERIC_NULLS,
    value: (f) => {
      const lb = f.weightStyle === 1 || f.weightStyle === 3;
      const text = (lb ? f.claim.weightKg * LB_PER_KG : f.claim.weightKg).toFixed(1);
      return f.weightStyle >= 2 ? `${text} ${lb ? 'lb' : 'kg'}` : text;
    },
  },
  { name: 'weight_unit', value: (f) => (f.weightStyle === 0 ? 'kg' : f.weightStyle === 1 ? 'lb' : null) },
  amountColumn('declared_value', (c) => c.declared, 0.005),
  amountColumn('claim_amount', (c) => c.claimAmount),
  { name: 'currency', value: (_f, rng) => (rng.bernoulli(0.002) ? 'CAD' : 'USD') },
  categoryColumn('damage_type', DAMAGE_TYPES, (c) => c.damage, 0.03, 0.01),
  categoryColumn('channel', CHANNELS, (c) => c.channel, 0.02, 0.02),
  boolColumn('photo_evidence', (c) => c.photo, 0.04),
  boolColumn('signed_on_delivery', (c) => c.signed, 0.03),
  boolColumn('insured', (c) => c.insured, 0.02),
  { name: 'description_words', nullRate: 0.03, nullTokens: NUMERIC_NULLS, value: (f) => String(f.claim.descriptionWords) },
  { name: 'driver_tenure_years', nullRate: 0.05, nullTokens: NUMERIC_NULLS, value: (f) => f.claim.driverTenure.toFixed(1) },
  { name: 'adjuster_id', value: (f) => `ADJ-${String(f.claim.adjuster).padStart(3, '0')}` },
  { name: 'investigation_calls', value: (f) => String(f.calls) },
];

export const NAMED_COLUMNS = COLUMNS.map((c) => c.name);
export const FEATURE_COLUMNS = [...NAMED_COLUMNS, ...NOISE_NAMES];
const COLUMN_INDEX = new Map(NAMED_COLUMNS.map((name, i) => [name, i]));

/** Index of a named (non-noise) column in a row's cells. */
export function columnIndex(name: string): number {
  const i = COLUMN_INDEX.get(name);
  if (i === undefined) throw new RangeError(`no named column ${name}`);
  return i;
}

/** Index of a noise column (aux_01 -> 0) in RowFacts.noise. */
export function noiseIndex(name: string): number {
  const i = NOISE_NAMES.indexOf(name);
  if (i < 0) throw new RangeError(`no noise column ${name}`);
  return i;
}

/** Draw the row-level choices several columns share (the weight's unit style). */
export function drawWeightStyle(rng: RandomStream): number {
  return rng.weighted([0, 1, 2, 3], [60, 30, 6, 4]);
}

/**
 * Render the named columns column by column: cells[row][column]. The noise block
 * stays numeric in `RowFacts.noise` until the CSV line is written (see csvRow),
 * which keeps millions of short strings out of memory.
 */
export function renderRows(rng: RandomStream, facts: readonly RowFacts[]): string[][] {
  const cells: string[][] = facts.map(() => new Array<string>(COLUMNS.length));
  COLUMNS.forEach((spec, col) => {
    const r = rng.fork(spec.name);
    facts.forEach((f, row) => {
      let text: string;
      if (spec.absent?.(f)) text = '';
      else if (spec.nullRate !== undefined && spec.nullTokens && r.bernoulli(spec.nullRate)) text = r.pick(spec.nullTokens);
      else text = spec.value(f, r) ?? '';
      cells[row]![col] = text;
    });
  });
  return cells;
}

/** One CSV line: the named cells, the noise block, and the label when given. */
export function csvRow(cells: readonly string[], noise: Int32Array, label?: 0 | 1): string {
  const parts = new Array<string>(NOISE_COLUMNS + 2);
  parts[0] = csvLine(cells);
  for (let k = 0; k < NOISE_COLUMNS; k++) parts[k + 1] = milliText(noise[k] as number);
  if (label !== undefined) parts[NOISE_COLUMNS + 1] = String(label);
  return label === undefined ? parts.slice(0, NOISE_COLUMNS + 1).join(',') : parts.join(',');
}

/** 1234 -> "1.234", -5 -> "-0.005": toFixed(3) of value/1000, without its cost on millions of cells. */
export function milliText(milli: number): string {
  const abs = milli < 0 ? -milli : milli;
  const frac = abs % 1000;
  const fracText = frac < 10 ? `00${frac}` : frac < 100 ? `0${frac}` : `${frac}`;
  return `${milli < 0 ? '-' : ''}${(abs - frac) / 1000}.${fracText}`;
}
