import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';

/** A CSV file as its header and string cells, every cell kept as typed. */
export interface Table {
  header: string[];
  rows: string[][];
  /** Index of a column; throws naming the file when it is missing. */
  col(name: string): number;
  has(name: string): boolean;
}

export function readCsv(path: string): Table {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new Error(`cannot read ${path}: set DATA_DIR to the folder holding train.csv and test.csv`, { cause });
  }
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  const first = parsed.errors[0];
  if (first) throw new Error(`${path}: CSV error on line ${(first.row ?? 0) + 1}: ${first.message}`);
  const [header, ...rows] = parsed.data;
  if (!header) throw new Error(`${path} is empty`);
  const index = new Map(header.map((h, i) => [h.trim(), i]));
  return {
    header,
    rows,
    has: (name) => index.has(name),
    col(name) {
      const i = index.get(name);
      if (i === undefined) throw new Error(`${path} has no column ${name}`);
      return i;
    },
  };
}

export function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Write through a temporary file and a rename, so a reader never sees half a file. */
export function writeAtomic(dir: string, name: string, text: string): void {
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${name}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, join(dir, name));
}

export function predictionsCsv(ids: readonly string[], probabilities: ArrayLike<number>): string {
  const lines = ['claim_id,probability'];
  ids.forEach((id, i) => lines.push(`${id},${(probabilities[i] as number).toFixed(10)}`));
  return `${lines.join('\n')}\n`;
}
