import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../harness/errors';
import { deriveCandidateSeed } from '../../harness/secrets';
import { CANDIDATE_FILES, HIDDEN_FILES, candidateFiles, dictionaryJsonSchema, generateClaimsDataset, hiddenKeyFiles, trapCatalogSchema, writeCandidateData, writeHiddenKey } from './index';
import { mean } from './metrics';
import { parseNumber, parseTable } from './testing/clean';
import { TEST_CANDIDATE, fixture, type Fixture } from './testing/fixture';

let f: Fixture;
const dirs: string[] = [];
const seed = (who: string) => deriveCandidateSeed('demo', 'ml', who);
const small = { trainRows: 4000, testRows: 1500 };

beforeAll(() => {
  f = fixture();
});

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('shape', () => {
  it('has the default row counts, 34 named columns plus 40 noise columns, and the label only in train', () => {
    expect(f.train.rows.length).toBe(60_000);
    expect(f.test.rows.length).toBe(20_000);
    const named = f.test.header.filter((h) => !h.startsWith('aux_'));
    expect(named.length).toBe(34);
    expect(f.test.header.length).toBe(74);
    expect(f.train.header).toEqual([...f.test.header, 'is_fraud']);
    expect(f.test.header).not.toContain('is_fraud');
    expect(f.train.header.slice(0, 1)).toEqual(['claim_id']);
  });

  it('has 3-6% positives in train and a higher base rate in test', () => {
    const rate = mean(f.train.values('is_fraud').map(Number));
    expect(rate).toBeGreaterThan(0.03);
    expect(rate).toBeLessThan(0.06);
    const test = mean([...f.dataset.hidden.labels.values()]);
    expect(test).toBeGreaterThan(rate);
    expect(f.dataset.hidden.baseRates.train).toBeCloseTo(rate, 4);
  });

  it('never shows a training customer on a scored test row (only customer twins borrow one)', () => {
    const train = new Set(f.train.values('customer_id'));
    const scored = new Set(f.dataset.hidden.scoredIds);
    const ids = f.test.values('claim_id');
    const borrowed = new Set(f.dataset.hidden.twins.filter((t) => t.kind === 'customer').map((t) => t.id));
    const shown = f.test.values('customer_id').flatMap((c, i) => (train.has(c) ? [ids[i]!] : []));
    expect(shown.filter((id) => scored.has(id))).toEqual([]);
    expect(shown.every((id) => borrowed.has(id))).toBe(true);
  });

  it('keys the hidden labels and ids to test.csv', () => {
    const { hidden } = f.dataset;
    expect(hidden.testIds).toEqual(f.test.values('claim_id'));
    expect([...hidden.labels.keys()].sort()).toEqual([...hidden.scoredIds].sort());
    expect(hidden.oracle.probabilities.size).toBe(hidden.scoredIds.length);
  });

  it('gives the grader the test-time value of every leak column, as test.csv shows it', () => {
    const { leakValues, leakColumns } = f.dataset.hidden;
    expect(leakColumns.map((l) => l.column).sort()).toEqual(Object.keys(leakValues).sort());
    for (const { column } of leakColumns) {
      const cells = f.test.values(column);
      const values = leakValues[column]!;
      f.dataset.hidden.testIds.forEach((id, i) => {
        const shown = column === 'claim_id' ? Number(cells[i]!.slice(3)) : parseNumber(cells[i]!);
        expect(values.get(id) ?? null, `${column} ${id}`).toBe(shown);
      });
    }
  });
});

describe('dictionary and catalog', () => {
  it('documents every column, with when it is recorded', () => {
    const json = dictionaryJsonSchema.parse(JSON.parse(candidateFiles(f.dataset)['data_dictionary.json']));
    expect(json.columns.filter((c) => c.inTrain).map((c) => c.name)).toEqual(f.train.header);
    expect(json.columns.filter((c) => c.inTest).map((c) => c.name)).toEqual(f.test.header);
    for (const c of json.columns) expect(c.recordedWhen.length, c.name).toBeGreaterThan(5);
    for (const name of f.test.header.filter((h) => !h.startsWith('aux_'))) expect(f.dataset.dictionary.markdown).toContain(`\`${name}\``);
    expect(json.columns.find((c) => c.name === 'investigation_calls')!.recordedWhen).toMatch(/after the claim is filed/);
  });

  it('catalogs at least 12 traps, each with columns, a probe and measurements', () => {
    const catalog = trapCatalogSchema.parse(JSON.parse(hiddenKeyFiles(f.dataset)['trap_catalog.json']));
    expect(catalog.traps.map((t) => t.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    for (const t of catalog.traps) {
      expect(t.columns.length, t.name).toBeGreaterThan(0);
      expect(Object.keys(t.measured).length, t.name).toBeGreaterThan(0);
      for (const c of t.columns) expect(f.train.header, `${t.name}: ${c}`).toContain(c);
    }
    expect(catalog.variant).toBe(seed(TEST_CANDIDATE).fingerprint);
  });

  it('says nothing in the candidate files that names a trap', () => {
    const files = candidateFiles(f.dataset);
    const words = ['trap', 'leak', 'twin', 'probe', 'noise', ...f.dataset.hidden.catalog.map((t) => t.name.toLowerCase())];
    for (const [name, text] of Object.entries(files)) {
      const lower = text.toLowerCase();
      for (const w of words) expect(lower.includes(w), `${name} mentions "${w}"`).toBe(false);
    }
  });
});

describe('determinism', () => {
  it('gives byte-identical files for the same seed and different files for another seed', () => {
    const a = generateClaimsDataset(seed('grace-hopper'), small);
    const b = generateClaimsDataset(seed('grace-hopper'), small);
    const c = generateClaimsDataset(seed('alan-turing'), small);
    expect(candidateFiles(b)).toEqual(candidateFiles(a));
    expect(hiddenKeyFiles(b)).toEqual(hiddenKeyFiles(a));
    expect(c.trainCsv).not.toBe(a.trainCsv);
    expect(c.testCsv).not.toBe(a.testCsv);
    expect(parseTable(a.trainCsv).rows.length).toBe(small.trainRows);
    expect(parseTable(a.testCsv).rows.length).toBe(small.testRows);
  });

  it('writes the candidate files and the hidden key with the same bytes every time', async () => {
    const dataset = generateClaimsDataset(seed('grace-hopper'), small);
    const [one, two, key] = await Promise.all([0, 1, 2].map(() => mkdtemp(join(tmpdir(), 'claims-'))));
    dirs.push(one!, two!, key!);
    await writeCandidateData(one!, dataset);
    await writeCandidateData(two!, generateClaimsDataset(seed('grace-hopper'), small));
    await writeHiddenKey(key!, dataset);
    expect((await readdir(one!)).sort()).toEqual([...CANDIDATE_FILES].sort());
    expect((await readdir(key!)).sort()).toEqual([...HIDDEN_FILES].sort());
    for (const name of CANDIDATE_FILES) expect(await readFile(join(two!, name), 'utf8')).toBe(await readFile(join(one!, name), 'utf8'));
    const labels = parseTable(await readFile(join(key!, 'test_labels.csv'), 'utf8'));
    expect(labels.header).toEqual(['claim_id', 'is_fraud']);
    expect(labels.rows.length).toBe(dataset.hidden.scoredIds.length);
    const twins = parseTable(await readFile(join(key!, 'twins.csv'), 'utf8'));
    expect(twins.rows.length).toBe(dataset.hidden.twins.length);
  });

  it('refuses sizes outside the supported range with a usage error', () => {
    expect(() => generateClaimsDataset(seed('x'), { trainRows: 10 })).toThrow(UsageError);
    expect(() => generateClaimsDataset(seed('x'), { testRows: 1.5 })).toThrow(/testRows/);
  });
});
