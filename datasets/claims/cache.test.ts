import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveCandidateSeed } from '../../harness/secrets';
import { useTempDirs } from '../../test/test-helpers';
import { datasetCacheDir, loadClaimsDataset } from './cache';
import { generateClaimsDataset } from './generate';

const temp = useTempDirs();
const seed = deriveCandidateSeed('cache-tests', 'ml', 'ada');
const SMALL = { trainRows: 2000, testRows: 1000 };

describe('the dataset cache', () => {
  it('generates once, then serves the same dataset from a private folder', async () => {
    const root = join(temp('takehome-claims-cache-'), 'claims');
    let misses = 0;
    const first = await loadClaimsDataset(seed, SMALL, { dir: root, onMiss: () => misses++ });
    const second = await loadClaimsDataset(seed, SMALL, { dir: root, onMiss: () => misses++ });
    expect([first.cached, second.cached, misses]).toEqual([false, true, 1]);
    expect(second.dataset).toEqual(generateClaimsDataset(seed, SMALL));
    expect(second.dataset.hidden.labels).toBeInstanceOf(Map);
    const [entry] = await readdir(root);
    expect(entry).toMatch(new RegExp(`^${seed.fingerprint}-2000x1000-v\\d+-[0-9a-f]{16}$`));
    expect(statSync(root).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, entry!)).mode & 0o777).toBe(0o700);
  });

  it('keys by variant and size, and regenerates a damaged entry', async () => {
    const root = join(temp('takehome-claims-cache-'), 'claims');
    await loadClaimsDataset(seed, SMALL, { dir: root });
    const other = await loadClaimsDataset(deriveCandidateSeed('cache-tests', 'ml', 'grace'), SMALL, { dir: root });
    expect(other.cached).toBe(false);
    expect((await readdir(root)).length).toBe(2);
    const [entry] = (await readdir(root)).filter((e) => e.startsWith(seed.fingerprint));
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(root, entry!, 'hidden.json'), '{"truncated"');
    const again = await loadClaimsDataset(seed, SMALL, { dir: root });
    expect(again.cached).toBe(false);
    expect(again.dataset.hidden.scoredIds.length).toBe(generateClaimsDataset(seed, SMALL).hidden.scoredIds.length);
  });

  it('is off with TAKEHOME_DATASET_CACHE=off and lives under the home cache by default', () => {
    expect(datasetCacheDir({ TAKEHOME_DATASET_CACHE: 'off' })).toBeNull();
    expect(datasetCacheDir({ HOME: '/home/grader' })).toBe('/home/grader/.cache/takehome/claims');
    expect(datasetCacheDir({ XDG_CACHE_HOME: '/c', HOME: '/h' })).toBe('/c/takehome/claims');
  });
});
