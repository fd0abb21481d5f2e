import type { RandomStream } from '../../harness/secrets';
import { dayOf } from './dates';

/**
 * The fixed vocabulary of the fictional company and the per-seed "world": the
 * coefficients of the one generating function, the lanes with their hidden risk,
 * and the hub-by-month fraud waves. Train and test are drawn from the same world;
 * the only differences between periods are the ones trap 5 documents.
 */

export const HUBS = [
  'Ambervale',
  'Brackenholt',
  'Cindermoor',
  'Dovecrest',
  'Elmsreach',
  'Fernhollow',
  'Glimmerton',
  'Hollowmere',
  'Inkwater',
  'Juniper Flats',
  'Kestrelby',
  'Larkspur Junction',
  'Marrowfield',
  'Nettlewick',
  'Owlsgate',
  'Pebbleford',
  'Quillport',
  'Rookhaven',
  'Saltmarsh Cross',
  'Thistledown',
  'Umberleigh Yard',
  'Vellumby',
  'Willowmarch',
  'Yarrowby',
  'Zephyr Point',
  'Ashcombe Sidings',
  'Briarwick',
  'Copperlode',
  'Duskwater',
  'Emberfold',
] as const;

export const COMMODITIES = ['Electronics', 'Cosmetics', 'Pharmaceuticals', 'Apparel', 'Toys', 'Auto parts', 'Furniture', 'Groceries', 'Books', 'Machinery', 'Glassware'] as const;
const COMMODITY_EFFECT = [0.7, 0.4, 0.3, 0.2, 0.1, 0, -0.1, -0.2, -0.3, -0.4, -0.1];
const COMMODITY_WEIGHT = [14, 6, 5, 12, 6, 9, 10, 12, 6, 9, 5];
/** Median declared value in USD, so amounts look like the goods. */
export const COMMODITY_VALUE = [3200, 900, 2600, 1100, 700, 1500, 2100, 800, 500, 6500, 1200];

/** The last entry only appears in the test period (a packaging introduced in 2024). */
export const PACKAGING = ['Pallet', 'Crate', 'Carton', 'Drum', 'Bag', 'Loose', 'Tote'] as const;
export const UNSEEN_PACKAGING = 6;
const PACKAGING_EFFECT = [-0.2, -0.5, 0.1, -0.3, 0.3, 0.6, 0.25];
const PACKAGING_WEIGHT = [34, 14, 30, 6, 9, 7, 0];
/** How each packaging was typed in the source systems (case, plural, stray spaces). */
export const PACKAGING_VARIANTS: readonly (readonly string[])[] = [
  ['pallet', 'PALLETS', 'pallet ', 'Pallets', ' Pallet'],
  ['crate', 'CRATE', 'Crates', 'crate '],
  ['carton', 'CARTONS', 'Carton ', 'cartons'],
  ['drum', 'DRUMS', 'Drum '],
  ['bag', 'BAGS', 'Bags', 'bag '],
  ['loose', 'LOOSE', 'Loose '],
  ['tote', 'TOTES', 'Tote '],
];

export const DAMAGE_TYPES = ['Crushed', 'Water damage', 'Broken', 'Missing items', 'Theft', 'Other'] as const;
const DAMAGE_EFFECT = [-0.3, -0.2, 0, 0.6, 0.4, 0.2];
const DAMAGE_WEIGHT = [28, 14, 30, 14, 5, 9];

export const CHANNELS = ['Web', 'Phone', 'Email', 'Agent'] as const;
const CHANNEL_EFFECT = [0, 0.2, 0.1, -0.3];
const CHANNEL_WEIGHT = [50, 22, 16, 12];

export const SEGMENTS = ['Individual', 'SMB', 'Enterprise'] as const;
const SEGMENT_EFFECT = [0.3, 0.1, -0.4];
export const SEGMENT_WEIGHT = [25, 50, 25];

export const MODES = ['LTL', 'FTL', 'Parcel'] as const;
export const MODE_WEIGHT = [55, 15, 30];

/** Shares of claims with photos attached and with a clean signature on delivery. */
export const PHOTO_SHARE = 0.55;
export const SIGNED_SHARE = 0.7;

export const LEGACY_CODES = ['A', 'B', 'C', 'D'] as const;

export const TRAIN_START = dayOf(2022, 1, 1);
export const TRAIN_END = dayOf(2023, 12, 31);
export const TEST_START = dayOf(2024, 1, 1);
export const TEST_END = dayOf(2024, 6, 30);
export const MONTHS = 30;

export type DriftFeature = 'photo_evidence' | 'signed_on_delivery';

export interface Coefficients {
  ratio: number;
  lateDays: number;
  prior: number;
  photo: number;
  signed: number;
  insured: number;
  night: number;
  newCustomer: number;
  commodity: number[];
  packaging: number[];
  damage: number[];
  channel: number[];
  segment: number[];
  /** Weights of the hidden parts: the customer's own risk, the lane, the hub-month wave. */
  customerSd: number;
  laneSd: number;
  waveSd: number;
}

export interface Lane {
  origin: number;
  dest: number;
  weight: number;
  effect: number;
  /** Published theft/incident index of the lane, a noisy reading of its hidden effect. */
  riskIndex: number;
}

export interface World {
  coef: Coefficients;
  /** The test period's coefficients: the same, except the drifted feature. */
  testCoef: Coefficients;
  drift: { feature: DriftFeature; train: number; test: number };
  /** Extra log-odds of every test-period claim (trap 5: a higher base rate). */
  interceptShift: number;
  /** The train base rate the intercept is solved for. */
  targetTrainRate: number;
  lanes: Lane[];
  /** wave[hub * MONTHS + month] */
  wave: Float64Array;
  commodityWeight: number[];
  packagingWeight: number[];
  damageWeight: number[];
  channelWeight: number[];
}

function jitter(rng: RandomStream, value: number): number {
  return value * rng.uniform(0.85, 1.15);
}

export function buildWorld(rng: RandomStream): World {
  const c = rng.fork('coefficients');
  const coef: Coefficients = {
    ratio: jitter(c, 2.2),
    lateDays: jitter(c, 0.45),
    prior: jitter(c, 0.3),
    photo: jitter(c, -0.9),
    signed: jitter(c, 0.5),
    insured: jitter(c, -0.2),
    night: jitter(c, 0.4),
    newCustomer: jitter(c, 0.5),
    commodity: COMMODITY_EFFECT.map((v) => jitter(c, v)),
    packaging: PACKAGING_EFFECT.map((v) => jitter(c, v)),
    damage: DAMAGE_EFFECT.map((v) => jitter(c, v)),
    channel: CHANNEL_EFFECT.map((v) => jitter(c, v)),
    segment: SEGMENT_EFFECT.map((v) => jitter(c, v)),
    customerSd: jitter(c, 1.0),
    laneSd: jitter(c, 0.5),
    waveSd: jitter(c, 0.25),
  };
  const d = rng.fork('drift');
  const feature: DriftFeature = d.pick(['photo_evidence', 'signed_on_delivery'] as const);
  const testCoef: Coefficients = { ...coef };
  let drift: World['drift'];
  if (feature === 'photo_evidence') {
    // Photos stopped deterring: fraudulent claimants learned to attach them.
    testCoef.photo = coef.photo * d.uniform(0.1, 0.25);
    drift = { feature, train: coef.photo, test: testCoef.photo };
  } else {
    // Drivers began to get signatures without inspecting, so a clean signature says more.
    testCoef.signed = coef.signed * d.uniform(2.2, 2.8);
    drift = { feature, train: coef.signed, test: testCoef.signed };
  }
  const interceptShift = rng.fork('shift').uniform(0.45, 0.6);

  const l = rng.fork('lanes');
  const hubWeight = HUBS.map((_, i) => (1 / (i + 2) ** 0.9) * l.uniform(0.6, 1.4));
  const lanes: Lane[] = [];
  for (let o = 0; o < HUBS.length; o++) {
    for (let t = 0; t < HUBS.length; t++) {
      if (o === t) continue;
      const effect = l.normal(0, coef.laneSd);
      const riskIndex = Math.max(0, Math.min(100, Math.round(50 + 32 * (effect / coef.laneSd) * 0.8 + l.normal(0, 10))));
      lanes.push({ origin: o, dest: t, weight: (hubWeight[o] as number) * (hubWeight[t] as number) * Math.exp(l.normal(0, 1.7)), effect, riskIndex });
    }
  }
  const w = rng.fork('waves');
  const wave = new Float64Array(HUBS.length * MONTHS);
  for (let i = 0; i < wave.length; i++) wave[i] = w.normal(0, coef.waveSd);

  const m = rng.fork('mix');
  const mix = (weights: number[]) => weights.map((v) => v * m.uniform(0.8, 1.25));
  return {
    coef,
    testCoef,
    drift,
    interceptShift,
    targetTrainRate: rng.fork('rate').uniform(0.038, 0.05),
    lanes,
    wave,
    commodityWeight: mix(COMMODITY_WEIGHT),
    packagingWeight: mix(PACKAGING_WEIGHT),
    damageWeight: mix(DAMAGE_WEIGHT),
    channelWeight: mix(CHANNEL_WEIGHT),
  };
}
