import { deriveCandidateSeed } from '../../../harness/secrets';
import { generateClaimsDataset, type ClaimsDataset } from '../generate';
import type { GenerateOptions } from '../schema';
import { parseTable, type Table } from './clean';

/** One generated dataset per (candidate, size) per test process, with its parsed tables. */
export interface Fixture {
  dataset: ClaimsDataset;
  train: Table;
  test: Table;
}

const cache = new Map<string, Fixture>();

/** The suite's candidate; CLAIMS_TEST_CANDIDATE runs the same assertions on another seed. */
export const TEST_CANDIDATE = process.env.CLAIMS_TEST_CANDIDATE ?? 'ada-lovelace';

export function fixture(candidate = TEST_CANDIDATE, options: GenerateOptions = {}): Fixture {
  const key = `${candidate}:${options.trainRows ?? ''}:${options.testRows ?? ''}`;
  let hit = cache.get(key);
  if (!hit) {
    const dataset = generateClaimsDataset(deriveCandidateSeed('demo', 'ml', candidate), options);
    hit = { dataset, train: parseTable(dataset.trainCsv), test: parseTable(dataset.testCsv) };
    cache.set(key, hit);
  }
  return hit;
}
