import type { RandomStream } from '../../harness/secrets';
import { COLUMNS, noiseIndex, type TwinKind } from './render';

/**
 * Twin probes: copies of scored test rows that differ in one field that should
 * not matter (the id, the null marker, the spelling or format of a value, or a
 * column with no relation to the outcome). A model whose prediction moves on a
 * twin learned the nuisance. Twins are unscored and get their own ids later.
 */

/** Share of the test file made of twins; the brief caps it at 5%. */
export const TWIN_SHARE = 0.04;

const KIND_ORDER: readonly TwinKind[] = ['id', 'null-token', 'spelling', 'format', 'irrelevant-column'];
const KIND_WEIGHT = [20, 20, 20, 25, 15];

/** Columns a twin never touches: the empty-in-test column must stay empty. */
const FROZEN = new Set(['legacy_risk_code', 'claim_id']);

export interface TwinPlan {
  /** Index of the original among the scored test rows. */
  original: number;
  kind: TwinKind;
  field: string;
  cells: string[];
  noise: Int32Array;
  /** Whether the twin's id comes from the block range (the id twin flips it). */
  block: boolean;
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
  /** Lossless re-renderings of this row's value in a column. */
  alternatives(col: number, current: string): string[];
}

/**
 * Choose originals and build each twin's cells. A kind that does not apply to the
 * drawn original (no null cell, a lossy amount...) falls through to the next kind.
 */
export function planTwins(rng: RandomStream, rows: readonly TwinInput[], count: number, irrelevantColumn: string): TwinPlan[] {
  const originals = rng.fork('originals').sample(
    rows.map((_, i) => i),
    count,
  );
  const rKind = rng.fork('kind');
  const rEdit = rng.fork('edit');
  const irrelevantCol = noiseIndex(irrelevantColumn);
  return originals.map((original) => {
    const row = rows[original] as TwinInput;
    const first = KIND_ORDER.indexOf(rKind.weighted(KIND_ORDER, KIND_WEIGHT));
    for (let step = 0; step < KIND_ORDER.length; step++) {
      const kind = KIND_ORDER[(first + step) % KIND_ORDER.length] as TwinKind;
      const cells = row.cells.slice();
      if (kind === 'id') return { original, kind, field: 'claim_id', cells, noise: row.noise, block: !row.block };
      if (kind === 'irrelevant-column') {
        const noise = row.noise.slice();
        while (noise[irrelevantCol] === row.noise[irrelevantCol]) noise[irrelevantCol] = Math.round(rEdit.normal() * 1000);
        return { original, kind, field: irrelevantColumn, cells, noise, block: row.block };
      }
      const options = kind === 'null-token' ? nullCandidates(cells) : valueCandidates(cells, kind, (col, current) => row.alternatives(col, current));
      if (options.length === 0) continue;
      const choice = rEdit.pick(options);
      cells[choice.col] = rEdit.pick(choice.next);
      return { original, kind, field: COLUMNS[choice.col]!.name, cells, noise: row.noise, block: row.block };
    }
    throw new Error('unreachable: the id twin always applies');
  });
}
