import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidSubmissionError } from '../../harness/errors';
import { EXAMPLE_ML_REPORT, checkMlReport, mlReportJsonSchema, parseMlReport } from './report';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'takehome-report-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const clone = (): Record<string, any> => structuredClone(EXAMPLE_ML_REPORT) as Record<string, any>;

describe('mlReportSchema', () => {
  it('accepts the example and an estimate with only average_precision', () => {
    expect(checkMlReport(EXAMPLE_ML_REPORT).problems).toEqual([]);
    const r = clone();
    r.validation.estimates = { average_precision: 0.2 };
    expect(checkMlReport(r).problems).toEqual([]);
  });

  const cases: [string, (r: Record<string, any>) => void, RegExp][] = [
    ['unknown top-level key', (r) => (r.notes = 'x'), /field \(root\): .*notes/],
    ['wrong schema id', (r) => (r.schema = 'v0'), /field schema:/],
    ['unknown strategy', (r) => (r.validation.strategy = 'k-fold'), /field validation\.strategy:/],
    ['no estimate', (r) => (r.validation.estimates = {}), /field validation\.estimates: give at least one of roc_auc, average_precision/],
    ['estimate above 1', (r) => (r.validation.estimates.roc_auc = 1.5), /field validation\.estimates\.roc_auc: must be in \[0, 1\]/],
    ['long reason', (r) => (r.excluded_features[0].reason = 'x'.repeat(2001)), /field excluded_features\[0\]\.reason: at most 2000 characters/],
    ['missing imbalance flag', (r) => delete r.imbalance.recalibrated, /field imbalance\.recalibrated:/],
    ['threshold outside', (r) => (r.threshold.value = -1), /field threshold\.value: must be in \[0, 1\]/],
  ];
  it.each(cases)('rejects %s, naming the field', (_name, mutate, message) => {
    const r = clone();
    mutate(r);
    const { problems } = checkMlReport(r);
    expect(problems.join('\n')).toMatch(message);
  });

  it('exports a JSON Schema with the id and strict objects', () => {
    const schema = mlReportJsonSchema();
    expect(JSON.stringify(schema)).toContain('takehome.ml-report/v1');
    expect((schema as { additionalProperties?: unknown }).additionalProperties).toBe(false);
  });
});

describe('parseMlReport', () => {
  it('reads a valid file (with a BOM)', async () => {
    const path = join(dir, 'ok.json');
    await writeFile(path, `\uFEFF${JSON.stringify(EXAMPLE_ML_REPORT)}`);
    expect(await parseMlReport(path)).toEqual(EXAMPLE_ML_REPORT);
  });

  it.each([
    ['bad.json', '{"schema":', /bad\.json is not valid JSON/],
    ['field.json', JSON.stringify({ ...EXAMPLE_ML_REPORT, threshold: { value: 2, reason: '' } }), /field\.json: field threshold\.value/],
  ])('rejects %s with InvalidSubmissionError and a next step', async (name, content, message) => {
    const path = join(dir, name);
    await writeFile(path, content);
    const error = await parseMlReport(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidSubmissionError);
    expect((error as Error).message).toMatch(message);
    expect((error as InvalidSubmissionError).hint).toMatch(/exercises\/ml\/README\.md/);
  });

  it('names a missing file', async () => {
    await expect(parseMlReport(join(dir, 'none.json'))).rejects.toThrow(/no report\.json at/);
  });
});
