import type { RandomStream } from '../../harness/secrets';
import { sigmoid } from '../../harness/stats';
import { monthIndex } from './dates';
import {
  COMMODITY_VALUE,
  MODE_WEIGHT,
  MONTHS,
  PHOTO_SHARE,
  SEGMENT_WEIGHT,
  SIGNED_SHARE,
  TEST_END,
  TEST_START,
  TRAIN_END,
  TRAIN_START,
  UNSEEN_PACKAGING,
  type Coefficients,
  type World,
} from './world';

/**
 * The clean, latent claims: every real attribute of a claim and its label, drawn
 * from ONE generating function (`claimLogit`) for both periods. Nothing here is
 * messy; the mess and the traps are laid on top in later steps.
 */

export type Split = 'train' | 'test';

export interface Customer {
  /** Six-digit number shared across splits' id space, so an id never tells the split. */
  num: number;
  segment: number;
  sinceDay: number;
  /** The customer's own hidden risk (log-odds), shared by all their claims. */
  risk: number;
  priorRate: number;
  /** Legacy risk code 0..3 (A..D), a noisy reading of `risk`; only the old system had it. */
  legacy: number;
}

export interface Claim {
  split: Split;
  customer: Customer;
  lane: number;
  origin: number;
  dest: number;
  /** The lane's published risk index (0-100). */
  laneRiskIndex: number;
  shipDay: number;
  deliveryDay: number;
  claimDay: number;
  claimHour: number;
  commodity: number;
  packaging: number;
  mode: number;
  numPackages: number;
  weightKg: number;
  declared: number;
  claimAmount: number;
  photo: boolean;
  signed: boolean;
  insured: boolean;
  channel: number;
  damage: number;
  descriptionWords: number;
  driverTenure: number;
  adjuster: number;
  priorClaims: number;
  /** Log-odds without the intercept. */
  logit: number;
  prob: number;
  label: 0 | 1;
}

export function poisson(rng: RandomStream, lambda: number): number {
  // Knuth's method: fine for the small rates used here.
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

/** Cumulative weights and a binary search: a weighted pick in O(log n) for large tables. */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    out[i] = sum;
  });
  return out;
}

export function pickCumulative(rng: RandomStream, cdf: Float64Array): number {
  const x = rng.next() * (cdf[cdf.length - 1] as number);
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cdf[mid] as number) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function drawCustomerNumbers(rng: RandomStream, count: number): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  while (out.length < count) {
    const n = rng.int(100_000, 999_999);
    if (!seen.has(n)) {
      seen.add(n);
      out.push(n);
    }
  }
  return out;
}

export function drawCustomers(rng: RandomStream, world: World, numbers: readonly number[], periodStart: number, periodEnd: number): Customer[] {
  const sd = world.coef.customerSd;
  return numbers.map((num) => {
    const risk = rng.normal(0, sd);
    const z = risk / sd;
    const opened = rng.bernoulli(0.12) ? periodStart + rng.int(0, Math.floor((periodEnd - periodStart) * 0.6)) : periodStart - Math.floor(rng.next() ** 1.5 * 3650);
    const legacyScore = z + rng.normal(0, 0.7);
    return {
      num,
      segment: rng.weighted([0, 1, 2], SEGMENT_WEIGHT),
      sinceDay: opened,
      risk,
      priorRate: 0.35 * Math.exp(0.6 * z),
      legacy: legacyScore < -0.8 ? 0 : legacyScore < 0 ? 1 : legacyScore < 0.8 ? 2 : 3,
    };
  });
}

/** Log-odds of fraud without the intercept: the single generating function of both periods. */
export function claimLogit(c: Claim, coef: Coefficients, world: World): number {
  const ratio = c.claimAmount / c.declared;
  const days = c.claimDay - c.shipDay;
  const lane = world.lanes[c.lane];
  return (
    coef.ratio * (ratio - 0.45) +
    coef.lateDays * (Math.log1p(days) - 2.2) +
    coef.prior * Math.min(c.priorClaims, 6) +
    (coef.packaging[c.packaging] as number) +
    (coef.commodity[c.commodity] as number) +
    (c.photo ? coef.photo : 0) +
    (c.signed ? coef.signed : 0) +
    (c.insured ? coef.insured : 0) +
    (coef.damage[c.damage] as number) +
    (coef.channel[c.channel] as number) +
    (c.claimHour < 6 ? coef.night : 0) +
    (coef.segment[c.customer.segment] as number) +
    (c.claimDay - c.customer.sinceDay < 180 ? coef.newCustomer : 0) +
    (lane ? lane.effect : 0) +
    c.customer.risk +
    (world.wave[c.origin * MONTHS + Math.min(MONTHS - 1, monthIndex(c.claimDay))] as number)
  );
}

function lognormal(rng: RandomStream, median: number, sigma: number): number {
  return median * Math.exp(rng.normal(0, sigma));
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Draw `count` claims of one split. Each attribute has its own forked stream, so
 * adding a draw to one attribute shifts no other attribute's values.
 */
export function drawClaims(rng: RandomStream, world: World, split: Split, customers: readonly Customer[], count: number): Claim[] {
  const [start, end] = split === 'train' ? [TRAIN_START, TRAIN_END] : [TEST_START, TEST_END];
  const s = (name: string) => rng.fork(name);
  const rCust = s('customer');
  const rLane = s('lane');
  const rDate = s('dates');
  const rGoods = s('goods');
  const rAmount = s('amount');
  const rFlags = s('flags');
  const rCat = s('categories');
  const rMisc = s('misc');
  const rPrior = s('prior');

  const activity = customers.map(() => Math.exp(rCust.normal(0, 0.9)));
  const customerCdf = cumulative(activity);
  const laneCdf = cumulative(world.lanes.map((l) => l.weight));
  const packagingWeight = world.packagingWeight.slice();
  if (split === 'test') {
    const total = packagingWeight.reduce((a, b) => a + b, 0);
    packagingWeight[UNSEEN_PACKAGING] = total * 0.055;
  }
  const packagingCdf = cumulative(packagingWeight);
  const commodityCdf = cumulative(world.commodityWeight);
  const damageCdf = cumulative(world.damageWeight);
  const channelCdf = cumulative(world.channelWeight);
  const modeCdf = cumulative(MODE_WEIGHT);

  const claims: Claim[] = [];
  for (let i = 0; i < count; i++) {
    const customer = customers[pickCumulative(rCust, customerCdf)] as Customer;
    const laneIndex = pickCumulative(rLane, laneCdf);
    const lane = world.lanes[laneIndex]!;
    const earliest = Math.max(start, customer.sinceDay + 3);
    const claimDay = rDate.int(Math.min(earliest, end), end);
    const delay = rDate.bernoulli(0.75) ? Math.floor(-4 * Math.log(1 - rDate.next())) : Math.min(180, Math.floor(-30 * Math.log(1 - rDate.next())));
    const mode = pickCumulative(rGoods, modeCdf);
    const transit = mode === 2 ? rDate.int(1, 4) : rDate.int(2, 9);
    const deliveryDay = claimDay - delay;
    const hour = rDate.bernoulli(0.08) ? rDate.int(0, 5) : rDate.int(6, 23);

    const commodity = pickCumulative(rGoods, commodityCdf);
    const packaging = pickCumulative(rGoods, packagingCdf);
    const numPackages = mode === 0 ? rGoods.int(1, 12) : mode === 1 ? rGoods.int(10, 40) : rGoods.int(1, 3);
    const weightKg = round2(lognormal(rGoods, mode === 0 ? 400 : mode === 1 ? 9000 : 12, 0.6));

    const median = (COMMODITY_VALUE[commodity] as number) * (mode === 1 ? 3 : mode === 2 ? 0.3 : 1);
    const rawDeclared = lognormal(rAmount, median, 0.8);
    const declared = Math.max(25, rAmount.bernoulli(0.5) ? Math.round(rawDeclared) : round2(rawDeclared));
    const band = rAmount.next();
    const ratio = band < 0.65 ? rAmount.uniform(0.03, 0.5) : band < 0.95 ? rAmount.uniform(0.5, 1) : rAmount.uniform(1, 1.25);
    const claimAmount = Math.max(1, round2(declared * ratio));

    const claim: Claim = {
      split,
      customer,
      lane: laneIndex,
      origin: lane.origin,
      dest: lane.dest,
      laneRiskIndex: lane.riskIndex,
      shipDay: deliveryDay - transit,
      deliveryDay,
      claimDay,
      claimHour: hour,
      commodity,
      packaging,
      mode,
      numPackages,
      weightKg,
      declared,
      claimAmount,
      photo: rFlags.bernoulli(PHOTO_SHARE),
      signed: rFlags.bernoulli(SIGNED_SHARE),
      insured: rFlags.bernoulli(0.4),
      channel: pickCumulative(rCat, channelCdf),
      damage: pickCumulative(rCat, damageCdf),
      descriptionWords: Math.max(3, Math.round(lognormal(rMisc, 40, 0.6))),
      driverTenure: Math.round(rMisc.uniform(0, 25) * 10) / 10,
      adjuster: rMisc.int(1, 60),
      priorClaims: poisson(rPrior, customer.priorRate),
      logit: 0,
      prob: 0,
      label: 0,
    };
    claims.push(claim);
  }
  return claims;
}

/** The intercept that makes the expected train base rate equal the target (bisection). */
export function solveIntercept(logits: readonly number[], target: number): number {
  let lo = -20;
  let hi = 10;
  for (let iter = 0; iter < 60; iter++) {
    const mid = (lo + hi) / 2;
    let sum = 0;
    for (const l of logits) sum += sigmoid(mid + l);
    if (sum / logits.length > target) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Score both periods with the one generating function, then draw labels. The test
 * period's intercept is solved so that its expected base rate is the one the shift
 * alone gives: the drifted coefficient moves the ranking, the shift the base rate.
 */
export function labelClaims(rng: RandomStream, world: World, train: Claim[], test: Claim[]): { intercept: number; testIntercept: number } {
  for (const c of train) c.logit = claimLogit(c, world.coef, world);
  const intercept = solveIntercept(
    train.map((c) => c.logit),
    world.targetTrainRate,
  );
  let shifted = 0;
  for (const c of test) shifted += sigmoid(intercept + world.interceptShift + claimLogit(c, world.coef, world));
  for (const c of test) c.logit = claimLogit(c, world.testCoef, world);
  const testIntercept = solveIntercept(
    test.map((c) => c.logit),
    shifted / Math.max(1, test.length),
  );
  const draw = (claims: Claim[], b: number, stream: RandomStream) => {
    for (const c of claims) {
      c.prob = sigmoid(b + c.logit);
      c.label = stream.next() < c.prob ? 1 : 0;
    }
  };
  draw(train, intercept, rng.fork('train'));
  draw(test, testIntercept, rng.fork('test'));
  return { intercept, testIntercept };
}
