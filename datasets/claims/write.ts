import { join } from 'node:path';
import { writeFileAtomic } from '../../harness/fs';
import { csvLine, toCsv } from './csv';
import type { ClaimsDataset } from './generate';
import { CATALOG_SCHEMA, type TrapCatalog } from './schema';

/**
 * The candidate's files (train.csv, test.csv, data_dictionary.md/.json) and the
 * hidden key (test_labels.csv, twins.csv, trap_catalog.json). Both are pure
 * renderings of the dataset, so the same seed writes the same bytes.
 */

export const CANDIDATE_FILES = ['train.csv', 'test.csv', 'data_dictionary.md', 'data_dictionary.json'] as const;
export const HIDDEN_FILES = ['test_labels.csv', 'twins.csv', 'trap_catalog.json'] as const;

export function candidateFiles(dataset: ClaimsDataset): Record<(typeof CANDIDATE_FILES)[number], string> {
  return {
    'train.csv': dataset.trainCsv,
    'test.csv': dataset.testCsv,
    'data_dictionary.md': dataset.dictionary.markdown,
    'data_dictionary.json': `${JSON.stringify(dataset.dictionary.json, null, 2)}\n`,
  };
}

export function hiddenKeyFiles(dataset: ClaimsDataset): Record<(typeof HIDDEN_FILES)[number], string> {
  const { hidden } = dataset;
  const catalog: TrapCatalog = { schema: CATALOG_SCHEMA, variant: hidden.variant, traps: hidden.catalog };
  return {
    'test_labels.csv': toCsv(
      ['claim_id', 'is_fraud'],
      hidden.scoredIds.map((id) => csvLine([id, String(hidden.labels.get(id))])),
    ),
    'twins.csv': toCsv(
      ['claim_id', 'twin_of', 'field', 'kind', 'oracle_shift'],
      hidden.twins.map((t) => csvLine([t.id, t.twinOf, t.field, t.kind, t.oracleShift === undefined ? '' : t.oracleShift.toFixed(6)])),
    ),
    'trap_catalog.json': `${JSON.stringify(catalog, null, 2)}\n`,
  };
}

async function writeAll(dir: string, files: Record<string, string>, options: { public?: boolean } = {}): Promise<string[]> {
  const paths: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    await writeFileAtomic(path, text, options);
    paths.push(path);
  }
  return paths;
}

/** Write what the candidate receives; returns the paths written. */
export function writeCandidateData(dir: string, dataset: ClaimsDataset): Promise<string[]> {
  // Read by the candidate's code in the sandbox: readable by any uid.
  return writeAll(dir, candidateFiles(dataset), { public: true });
}

/** Write the hidden key (never into a kit); returns the paths written. */
export function writeHiddenKey(dir: string, dataset: ClaimsDataset): Promise<string[]> {
  return writeAll(dir, hiddenKeyFiles(dataset));
}
