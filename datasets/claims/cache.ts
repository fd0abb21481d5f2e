import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CandidateSeed } from '../../harness/secrets';
import { DEFAULT_TEST_ROWS, DEFAULT_TRAIN_ROWS, generateClaimsDataset, type ClaimsDataset, type ClaimsHiddenKey } from './generate';
import type { DictionaryJson, GenerateOptions } from './schema';
import { takehomeCacheDir } from '../../harness/fs';

/**
 * A disk cache of generated datasets, so kit, key and grade generate a
 * variant once (2-3 s on an idle machine, 10-15 s on a busy one) and then
 * read it back in a fraction of that. Keyed by the seed's fingerprint, the
 * row counts, CLAIMS_GENERATOR_VERSION and a hash of the generator's source
 * (this folder, harness/secrets, harness/stats), so a change to the generator
 * never serves stale data. It holds hidden labels: the folder is 0700, lives
 * under the grader's home (which the sandbox hides) unless
 * TAKEHOME_DATASET_CACHE says otherwise, and the grader hides it from the
 * sandbox wherever it is. TAKEHOME_DATASET_CACHE=off turns it off.
 */

/** Bump with any change to what the generator writes (the source hash catches the rest). */
export const CLAIMS_GENERATOR_VERSION = '2';

const HERE = dirname(fileURLToPath(import.meta.url));
const SOURCE_DIRS = [HERE, resolve(HERE, '../../harness/secrets'), resolve(HERE, '../../harness/stats')];

let sourceHash: string | undefined;

/** sha256 of the generator's source files (not tests), in a stable order. */
function generatorSourceHash(): string {
  if (sourceHash) return sourceHash;
  const hash = createHash('sha256');
  for (const dir of SOURCE_DIRS) {
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
      hash
        .update(name)
        .update('\0')
        .update(readFileSync(join(dir, name)))
        .update('\0');
    }
  }
  sourceHash = hash.digest('hex').slice(0, 16);
  return sourceHash;
}

/** The cache folder, or null when TAKEHOME_DATASET_CACHE=off. */
export function datasetCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const setting = env.TAKEHOME_DATASET_CACHE;
  if (setting === 'off') return null;
  if (setting) return resolve(setting);
  return takehomeCacheDir('claims', env);
}

function cacheKey(seed: CandidateSeed, options: GenerateOptions): string {
  const rows = `${options.trainRows ?? DEFAULT_TRAIN_ROWS}x${options.testRows ?? DEFAULT_TEST_ROWS}`;
  return `${seed.fingerprint}-${rows}-v${CLAIMS_GENERATOR_VERSION}-${generatorSourceHash()}`;
}

interface StoredHidden extends Omit<ClaimsHiddenKey, 'labels' | 'leakValues' | 'oracle'> {
  labels: [string, 0 | 1][];
  leakValues: Record<string, [string, number][]>;
  oracle: { trainAuc: number; testAuc: number; probabilities: [string, number][] };
}

function storeHidden(h: ClaimsHiddenKey): StoredHidden {
  return {
    ...h,
    labels: [...h.labels],
    leakValues: Object.fromEntries(Object.entries(h.leakValues).map(([k, v]) => [k, [...v]])),
    oracle: { ...h.oracle, probabilities: [...h.oracle.probabilities] },
  };
}

function loadHidden(s: StoredHidden): ClaimsHiddenKey {
  return {
    ...s,
    labels: new Map(s.labels),
    leakValues: Object.fromEntries(Object.entries(s.leakValues).map(([k, v]) => [k, new Map(v)])),
    oracle: { ...s.oracle, probabilities: new Map(s.oracle.probabilities) },
  };
}

/** Make the folder (and the cache root) private to the grader: 0700 whatever the umask. */
function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

async function read(dir: string, seed: CandidateSeed): Promise<ClaimsDataset | undefined> {
  try {
    const [trainCsv, testCsv, markdown, dictionary, hidden] = await Promise.all(
      ['train.csv', 'test.csv', 'data_dictionary.md', 'data_dictionary.json', 'hidden.json'].map((f) => readFile(join(dir, f), 'utf8')),
    );
    const json = JSON.parse(dictionary as string) as DictionaryJson;
    const key = loadHidden(JSON.parse(hidden as string) as StoredHidden);
    if (key.variant !== seed.fingerprint) return undefined;
    return { trainCsv: trainCsv as string, testCsv: testCsv as string, dictionary: { markdown: markdown as string, columns: json.columns, json }, hidden: key };
  } catch {
    return undefined;
  }
}

async function write(root: string, dir: string, dataset: ClaimsDataset): Promise<void> {
  privateDir(root);
  const staging = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(staging, { mode: 0o700 });
  try {
    await Promise.all([
      writeFile(join(staging, 'train.csv'), dataset.trainCsv),
      writeFile(join(staging, 'test.csv'), dataset.testCsv),
      writeFile(join(staging, 'data_dictionary.md'), dataset.dictionary.markdown),
      writeFile(join(staging, 'data_dictionary.json'), JSON.stringify(dataset.dictionary.json)),
      writeFile(join(staging, 'hidden.json'), JSON.stringify(storeHidden(dataset.hidden))),
    ]);
    // A whole folder appears at once; if another process won the race, its copy is as good.
    await rename(staging, dir).catch(async () => rm(staging, { recursive: true, force: true }));
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The candidate's dataset: from the cache when it holds this variant,
 * otherwise generated (and cached). `cache: null` generates without the cache.
 */
export async function loadClaimsDataset(
  seed: CandidateSeed,
  options: GenerateOptions = {},
  cache: { dir?: string | null; onMiss?: () => void } = {},
): Promise<{ dataset: ClaimsDataset; cached: boolean }> {
  const root = cache.dir === undefined ? datasetCacheDir() : cache.dir;
  if (root === null) return { dataset: generateClaimsDataset(seed, options), cached: false };
  const dir = join(root, cacheKey(seed, options));
  const hit = await read(dir, seed);
  if (hit) return { dataset: hit, cached: true };
  cache.onMiss?.();
  const dataset = generateClaimsDataset(seed, options);
  try {
    await rm(dir, { recursive: true, force: true });
    await write(root, dir, dataset);
  } catch {
    // A cache that cannot be written costs time, never a grade.
  }
  return { dataset, cached: false };
}
