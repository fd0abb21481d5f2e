import type { RandomStream } from '../../harness/secrets';
import { MIGRATION_BATCH } from './derive';
import { COLUMNS, NOISE_COLUMNS, columnIndex, type TwinKind } from './render';

/**
 * Twin probes: unscored copies of scored test rows that differ in one thing.
 *
 * Nuisance twins change what should not matter: the id (flipped between the
 * regular and the migration range), the load batch (set to the migration
 * batch), the customer account (one of training's repeat fraudsters), the
 * investigation log (a closed investigation's call count), every noise column
 * at once, the null marker, the spelling or format of a value, or the retired
 * legacy code (filled in, though it is empty on every other test row). A model
 * whose prediction moves on one of these learned the nuisance.
 *
 * Effect twins change a real attribute whose true effect is known: the damage
 * type set to the one the theft desk re-exported (trap 7). The generating
 * function's own change of log-odds travels with the twin (`oracleShift`), so a
 * grader can compare the model's change with the true one: a model trained on
 * the re-exported copies overstates it.
 */

/** Share of the test file made of twins; the kit's brief and key cap it at 5%. */
export const TWIN_SHARE = 0.05;

export const TWIN_KINDS: readonly TwinKind[] = ['id', 'batch', 'customer', 'post-outcome', 'duplicate-effect', 'noise', 'null-token', 'spelling', 'format', 'retired-column'];
const KIND_WEIGHT = [10, 10, 10, 8, 12, 10, 10, 10, 12, 8];

/** The field a noise twin records: every aux_* column changes together. */
export const NOISE_TWIN_FIELD = 'aux_*';
/** The legacy code a retired-column twin carries: the highest-risk code. */
export const RETIRED_TWIN_CODE = 'D';

/** Columns a nuisance-format twin (null-token, spelling, format) never touches. */
const FROZEN = new Set(['legacy_risk_code', 'claim_id', 'ingest_batch', 'customer_id', 'investigation_calls', 'damage_type']);

export interface TwinPlan {
  /** Index of the original among the scored test rows. */
  original: number;
  kind: TwinKind;
  field: string;
  cells: string[];
  noise: Int32Array;
  /** Whether the twin's id comes from the block range (the id twin flips it). */
  block: boolean;
  /** The investigation call count the twin carries (post-outcome twins change it). */
  calls: number;
  /** Effect twins: the generating function's change of log-odds from original to twin. */
  oracleShift?: number;
}

function nullCandidates(cells: readonly string[]): { col: number; next: string[] }[] {
  const out: { col: number; next: string[] }[] = [];
  COLUMNS.forEach((spec, col) => {
    if (FROZEN.has(spec.name) || !spec.nullTokens) return;
    const current = cells[col] as string;
    if (spec.nullTokens.includes(current)) out.push({ col, next: spec.nullTokens.filter((t) => t !== current) });
  });
  return out;
}

function valueCandidates(cells: readonly string[], kind: 'format' | 'spelling', alternatives: (col: number, current: string) => string[]) {
  const out: { col: number; next: string[] }[] = [];
  COLUMNS.forEach((spec, col) => {
    if (FROZEN.has(spec.name) || spec.twinKind !== kind) return;
    const current = cells[col] as string;
    if (spec.nullTokens?.includes(current)) return;
    const next = alternatives(col, current);
    if (next.length > 0) out.push({ col, next });
  });
  return out;
}

export interface TwinInput {
  cells: readonly string[];
  noise: Int32Array;
  block: boolean;
  calls: number;
  /** The claim's damage type (index into DAMAGE_TYPES). */
  damage: number;
  /** Lossless re-renderings of this row's value in a column. */
  alternatives(col: number, current: string): string[];
}

export interface TwinContext {
  /** customer_id values of training customers with several confirmed frauds (customer twins take one). */
  riskyCustomers: readonly string[];
  /** The damage type the theft desk re-exported (trap 7): its index, its label, and each damage type's true effect (log-odds). */
  reexported: { index: number; label: string; effects: readonly number[] };
  /** A closed investigation's call count, as training's confirmed frauds show it. */
  closedCalls(rng: RandomStream): number;
}

/**
 * Choose originals and build each twin's cells. A kind that does not apply to the
 * drawn original (no null cell, a lossy amount, already the re-exported damage
 * type...) falls through to the next kind; the id twin always applies.
 */
export function planTwins(rng: RandomStream, rows: readonly TwinInput[], count: number, context: TwinContext): TwinPlan[] {
  const originals = rng.fork('originals').sample(
    rows.map((_, i) => i),
    count,
  );
  const rKind = rng.fork('kind');
  const rEdit = rng.fork('edit');
  const col = {
    batch: columnIndex('ingest_batch'),
    customer: columnIndex('customer_id'),
    calls: columnIndex('investigation_calls'),
    damage: columnIndex('damage_type'),
    legacy: columnIndex('legacy_risk_code'),
  };
  return originals.map((original) => {
    const row = rows[original] as TwinInput;
    const first = TWIN_KINDS.indexOf(rKind.weighted(TWIN_KINDS, KIND_WEIGHT));
    for (let step = 0; step < TWIN_KINDS.length; step++) {
      const kind = TWIN_KINDS[(first + step) % TWIN_KINDS.length] as TwinKind;
      const cells = row.cells.slice();
      const same = { original, kind, noise: row.noise, block: row.block, calls: row.calls };
      switch (kind) {
        case 'id':
          return { ...same, field: 'claim_id', cells, block: !row.block };
        case 'batch':
          cells[col.batch] = MIGRATION_BATCH;
          return { ...same, field: 'ingest_batch', cells };
        case 'customer':
          if (context.riskyCustomers.length === 0) continue;
          cells[col.customer] = rEdit.pick(context.riskyCustomers);
          return { ...same, field: 'customer_id', cells };
        case 'post-outcome': {
          let calls = context.closedCalls(rEdit);
          while (calls === row.calls) calls = context.closedCalls(rEdit);
          cells[col.calls] = String(calls);
          return { ...same, field: 'investigation_calls', cells, calls };
        }
        case 'duplicate-effect': {
          const { index, label, effects } = context.reexported;
          // Only a row whose damage type is shown (no null marker) and is another type.
          if (row.damage === index || cells[col.damage] === '' || (COLUMNS[col.damage]?.nullTokens ?? []).includes(cells[col.damage] as string)) continue;
          cells[col.damage] = label;
          return { ...same, field: 'damage_type', cells, oracleShift: (effects[index] as number) - (effects[row.damage] as number) };
        }
        case 'noise': {
          const noise = new Int32Array(NOISE_COLUMNS);
          for (let k = 0; k < NOISE_COLUMNS; k++) {
            do noise[k] = Math.round(rEdit.normal() * 1000);
            while (noise[k] === row.noise[k]);
          }
          return { ...same, field: NOISE_TWIN_FIELD, cells, noise };
        }
        case 'retired-column':
          cells[col.legacy] = RETIRED_TWIN_CODE;
          return { ...same, field: 'legacy_risk_code', cells };
        default: {
          const options = kind === 'null-token' ? nullCandidates(cells) : valueCandidates(cells, kind, (c, current) => row.alternatives(c, current));
          if (options.length === 0) continue;
          const choice = rEdit.pick(options);
          cells[choice.col] = rEdit.pick(choice.next);
          return { ...same, field: COLUMNS[choice.col]!.name, cells };
        }
      }
    }
    throw new Error('unreachable: the id twin always applies');
  });
}
