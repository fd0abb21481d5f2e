import type { RandomStream } from '../../harness/secrets';
import { quarterLabel } from './dates';
import { poisson, type Claim } from './simulate';
import { COMMODITIES, DAMAGE_TYPES, HUBS, TRAIN_END } from './world';

/**
 * The columns that are not real attributes of a claim but artefacts of how the
 * extract was made: ids and load batches (traps 3, 4), the investigation log
 * (trap 1), and the risk team's rate columns (traps 2, 5).
 */

export const REGULAR_ID_START = 1_000_000;
/** Ids from here up were handed out by the records migration (and, later, by re-entry). */
export const BLOCK_ID_START = 4_000_000;
export const MIGRATION_BATCH = 'MIGRATION-2023';

/** Share of confirmed-fraud claims that came in through the records migration, and of the rest. */
const MIGRATED_POSITIVE = 0.55;
const MIGRATED_NEGATIVE = 0.004;
/** In the test period, claims re-entered for clerical reasons, whatever their outcome. */
export const TEST_BLOCK_SHARE = 0.05;

export interface IdFacts {
  idNum: number;
  block: boolean;
  batch: string;
}

export interface IdCursor {
  regular: number;
  block: number;
}

/**
 * Train ids: regular ids follow the claim date; the migration load re-keyed most
 * confirmed frauds into the block range and put them in one late batch.
 */
export function assignTrainIds(rng: RandomStream, claims: readonly Claim[]): { ids: IdFacts[]; cursor: IdCursor } {
  const rMigrate = rng.fork('migrate');
  const rGap = rng.fork('gaps');
  const migrated = claims.map((c) => rMigrate.bernoulli(c.label === 1 ? MIGRATED_POSITIVE : MIGRATED_NEGATIVE));
  const ids: IdFacts[] = claims.map(() => ({ idNum: 0, block: false, batch: '' }));
  const byDate = claims.map((_, i) => i).sort((a, b) => claims[a]!.claimDay - claims[b]!.claimDay || a - b);
  let regular = REGULAR_ID_START + rGap.int(0, 5000);
  const blockRows: number[] = [];
  for (const i of byDate) {
    if (migrated[i]) {
      blockRows.push(i);
      continue;
    }
    regular += rGap.int(1, 3);
    ids[i] = { idNum: regular, block: false, batch: quarterLabel(claims[i]!.claimDay) };
  }
  let block = BLOCK_ID_START + rGap.int(0, 500);
  for (const i of rMigrate.shuffle(blockRows)) {
    block += rGap.int(1, 2);
    ids[i] = { idNum: block, block: true, batch: MIGRATION_BATCH };
  }
  return { ids, cursor: { regular: regular + rGap.int(200, 3000), block: block + rGap.int(20, 300) } };
}

/**
 * Test ids: every test row (scored and twin) in claim-date order; `block` says
 * which range each row draws from, so a twin's id looks like any other id.
 */
export function assignTestIds(rng: RandomStream, days: readonly number[], block: readonly boolean[], cursor: IdCursor): IdFacts[] {
  const tiebreak = days.map(() => rng.next());
  const order = days.map((_, i) => i).sort((a, b) => days[a]! - days[b]! || tiebreak[a]! - tiebreak[b]!);
  const ids: IdFacts[] = days.map(() => ({ idNum: 0, block: false, batch: '' }));
  let regular = cursor.regular;
  let blockId = cursor.block;
  for (const i of order) {
    const inBlock = block[i] as boolean;
    if (inBlock) blockId += rng.int(1, 2);
    else regular += rng.int(1, 3);
    ids[i] = { idNum: inBlock ? blockId : regular, block: inBlock, batch: quarterLabel(days[i]!) };
  }
  return ids;
}

export function formatClaimId(idNum: number): string {
  return `QF-${idNum}`;
}

export function batchOrder(batch: string): number {
  return batch === MIGRATION_BATCH ? Number.MAX_SAFE_INTEGER : Number(batch.slice(0, 4)) * 10 + Number(batch.slice(-1));
}

/**
 * Calls logged by investigators. In the training extract the investigation is
 * over, so confirmed frauds carry long call logs; test claims are extracted at
 * filing time, when only intake calls exist, whatever the outcome.
 */
export function investigationCalls(rng: RandomStream, label: 0 | 1, split: 'train' | 'test'): number {
  if (split === 'test') return poisson(rng, 0.45);
  if (label === 1) return 1 + poisson(rng, 4.5);
  return rng.bernoulli(0.08) ? poisson(rng, 3) : poisson(rng, 0.45);
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** The group route_fraud_rate is computed over: origin hub, destination hub and commodity. */
export function routeKey(claim: Claim): number {
  return claim.lane * COMMODITIES.length + claim.commodity;
}

/**
 * Mean label per route group over the whole training extract, each row's own label
 * included. Groups are small (a few rows each on average), so the own label weighs.
 */
export function routeRates(keys: readonly number[], labels: readonly (0 | 1)[]): Map<number, number> {
  const sum = new Map<number, number>();
  const count = new Map<number, number>();
  keys.forEach((key, i) => {
    sum.set(key, (sum.get(key) ?? 0) + (labels[i] as number));
    count.set(key, (count.get(key) ?? 0) + 1);
  });
  const out = new Map<number, number>();
  for (const [key, n] of count) out.set(key, round4((sum.get(key) ?? 0) / n));
  return out;
}

export const HUB_WINDOW_HALF = 7;

/**
 * The risk report's hub rate in training: confirmed-fraud share at the origin hub
 * within HUB_WINDOW_HALF days either side of the claim date (own row and later
 * rows included). Per hub, a prefix sum over days keeps this linear.
 */
export function hubWindowRates(origins: readonly number[], days: readonly number[], labels: readonly (0 | 1)[], start: number, end: number): number[] {
  const span = end - start + 1;
  const rates: number[] = new Array(origins.length).fill(0);
  const counts = new Float64Array(HUBS.length * (span + 1));
  const positives = new Float64Array(HUBS.length * (span + 1));
  origins.forEach((hub, i) => {
    const d = (days[i] as number) - start;
    counts[hub * (span + 1) + d + 1]! += 1;
    positives[hub * (span + 1) + d + 1]! += labels[i] as number;
  });
  for (let hub = 0; hub < HUBS.length; hub++) {
    const base = hub * (span + 1);
    for (let d = 1; d <= span; d++) {
      counts[base + d]! += counts[base + d - 1] as number;
      positives[base + d]! += positives[base + d - 1] as number;
    }
  }
  origins.forEach((hub, i) => {
    const d = (days[i] as number) - start;
    const lo = Math.max(0, d - HUB_WINDOW_HALF);
    const hi = Math.min(span - 1, d + HUB_WINDOW_HALF);
    const base = hub * (span + 1);
    const n = (counts[base + hi + 1] as number) - (counts[base + lo] as number);
    const k = (positives[base + hi + 1] as number) - (positives[base + lo] as number);
    rates[i] = round4(k / n);
  });
  return rates;
}

/** For claims after the last closed report period: the latest window of the training period. */
export function latestHubRates(origins: readonly number[], days: readonly number[], labels: readonly (0 | 1)[]): Map<number, number> {
  const from = TRAIN_END - 2 * HUB_WINDOW_HALF;
  const n = new Map<number, number>();
  const k = new Map<number, number>();
  origins.forEach((hub, i) => {
    if ((days[i] as number) < from) return;
    n.set(hub, (n.get(hub) ?? 0) + 1);
    k.set(hub, (k.get(hub) ?? 0) + (labels[i] as number));
  });
  const out = new Map<number, number>();
  for (const [hub, count] of n) out.set(hub, round4((k.get(hub) ?? 0) / count));
  return out;
}

export type CopyKind = 'exact' | 'near' | 'conflict';

export interface CopyPlan {
  source: number;
  kind: CopyKind;
}

/** Share of the training file that is a copy of another row, by kind (trap 7). */
export const COPY_SHARE: Record<CopyKind, number> = { exact: 0.012, near: 0.006, conflict: 0.002 };

export function copyCounts(trainRows: number): Record<CopyKind, number> {
  return {
    exact: Math.round(trainRows * COPY_SHARE.exact),
    near: Math.round(trainRows * COPY_SHARE.near),
    conflict: Math.round(trainRows * COPY_SHARE.conflict),
  };
}

/**
 * Trap 7's exact copies are not spread evenly: the theft desk's case system
 * re-exported every theft claim it referred to investigation with each case
 * update, so confirmed theft frauds appear `fraudCopies` more times (same
 * claim_id) and a few cleared referrals once more. Left in, the copies inflate
 * the theft fraud rate a model learns; deduplicated on claim_id, it is the true one.
 */
export const REEXPORT = { damageType: 'Theft', fraudCopies: 2, clearedShare: 0.02 } as const;
export const REEXPORT_DAMAGE = DAMAGE_TYPES.indexOf(REEXPORT.damageType);

/**
 * Which base rows get copied, and how. Exact copies go to the re-exported theft
 * referrals first (within the exact budget), the rest to random rows; near and
 * conflicting copies come from other rows, so copies never chain.
 */
export function planCopies(rng: RandomStream, claims: readonly Pick<Claim, 'damage' | 'label'>[], counts: Record<CopyKind, number>): CopyPlan[] {
  const rReexport = rng.fork('reexport');
  const reexported: number[] = [];
  claims.forEach((c, i) => {
    if (c.damage !== REEXPORT_DAMAGE) return;
    const n = c.label === 1 ? REEXPORT.fraudCopies : rReexport.bernoulli(REEXPORT.clearedShare) ? 1 : 0;
    if (n > 0) reexported.push(i);
  });
  const plans: CopyPlan[] = [];
  const used = new Set<number>();
  for (const source of rReexport.shuffle(reexported)) {
    const n = claims[source]!.label === 1 ? REEXPORT.fraudCopies : 1;
    for (let k = 0; k < n && plans.length < counts.exact; k++) plans.push({ source, kind: 'exact' });
    used.add(source);
    if (plans.length >= counts.exact) break;
  }
  const rest = counts.exact - plans.length + counts.near + counts.conflict;
  const sources: number[] = [];
  const seen = new Set(used);
  while (sources.length < rest && seen.size < claims.length) {
    const i = rng.int(0, claims.length - 1);
    if (seen.has(i)) continue;
    seen.add(i);
    sources.push(i);
  }
  let at = 0;
  for (const kind of ['exact', 'near', 'conflict'] as const) {
    const n = kind === 'exact' ? counts.exact - plans.filter((p) => p.kind === 'exact').length : counts[kind];
    for (let i = 0; i < n; i++) plans.push({ source: sources[at++] as number, kind });
  }
  return plans;
}
