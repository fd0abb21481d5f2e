import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidSubmissionError } from '../../harness/errors';
import { parsePredictions, validatePredictionsText } from './predictions';

const IDS = ['C1', 'C2', 'C3'];
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'takehome-pred-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function parseFile(name: string, content: string, ids = IDS): Promise<Map<string, number>> {
  const path = join(dir, name);
  await writeFile(path, content, 'utf8');
  return parsePredictions(path, ids);
}

// The fixture set: each accepted variant must give the same three values.
const accepted: [string, string][] = [
  ['plain', 'claim_id,probability\nC1,0.1\nC2,0.5\nC3,1\n'],
  ['BOM', '\uFEFFclaim_id,probability\nC1,0.1\nC2,0.5\nC3,1\n'],
  ['CRLF', 'claim_id,probability\r\nC1,0.1\r\nC2,0.5\r\nC3,1\r\n'],
  ['quoted fields', '"claim_id","probability"\n"C1","0.1"\n"C2","0.5"\n"C3","1"\n'],
  ['extra columns, reordered', 'rank,probability,note,claim_id\n3,0.1,"a, b",C1\n2,0.5,x,C2\n1,1,"multi\nline",C3\n'],
  ['id alias', 'id,probability\nC1,0.1\nC2,0.5\nC3,1'],
  ['exponents, spaces and blank lines', 'claim_id , Probability\nC1, 1e-1\n\nC2,5E-1\nC3,1.000\n\n'],
];

describe.each(accepted)('accepted: %s', (name, content) => {
  it('parses to the expected map (text and streamed file)', async () => {
    const text = validatePredictionsText(content, IDS);
    expect(text.problems).toEqual([]);
    const map = await parseFile(`${name}.csv`, content);
    expect([...map.entries()].sort()).toEqual([
      ['C1', 0.1],
      ['C2', 0.5],
      ['C3', 1],
    ]);
  });
});

// Rejected cases: the message must name the line (header = line 1) and what is wrong.
const rejected: [string, string, RegExp][] = [
  ['missing id', 'claim_id,probability\nC1,0.1\nC2,0.5\n', /1 of 3 test\.csv ids have no row \(e\.g\. C3\)/],
  ['duplicate id', 'claim_id,probability\nC1,0.1\nC2,0.5\nC1,0.2\nC3,0.3\n', /:4: duplicate claim_id C1 \(first on line 2\)/],
  ['unknown id', 'claim_id,probability\nC1,0.1\nC2,0.5\nC3,0.3\nX9,0.3\n', /:5: unknown claim_id X9/],
  ['NaN', 'claim_id,probability\nC1,NaN\nC2,0.5\nC3,0.3\n', /:2: claim_id C1: probability is NaN/],
  ['Infinity', 'claim_id,probability\nC1,0.1\nC2,-Infinity\nC3,0.3\n', /:3: claim_id C2: probability is infinite/],
  ['overflow', 'claim_id,probability\nC1,0.1\nC2,1e999\nC3,0.3\n', /:3: claim_id C2: probability is infinite/],
  ['above 1', 'claim_id,probability\nC1,0.1\nC2,0.5\nC3,1.2\n', /:4: claim_id C3: probability 1\.2 is outside \[0, 1\]/],
  ['below 0', 'claim_id,probability\nC1,-0.01\nC2,0.5\nC3,0.2\n', /:2: claim_id C1: probability -0\.01 is outside/],
  ['not a number', 'claim_id,probability\nC1,high\nC2,0.5\nC3,0.2\n', /:2: claim_id C1: probability is not a number \("high"\)/],
  ['hex', 'claim_id,probability\nC1,0x1\nC2,0.5\nC3,0.2\n', /:2: claim_id C1: probability is not a number/],
  ['empty value', 'claim_id,probability\nC1,\nC2,0.5\nC3,0.2\n', /:2: claim_id C1: empty probability/],
  ['short row', 'claim_id,probability\nC1\nC2,0.5\nC3,0.2\n', /:2: claim_id C1: no probability value/],
  ['no probability column', 'claim_id,score\nC1,0.1\nC2,0.5\nC3,0.2\n', /:1: header has no probability column; found: claim_id, score/],
  ['no id column', 'row,probability\n1,0.1\n', /:1: header has no claim_id \(or id\) column/],
  ['empty file', '', /:1: the file is empty/],
  ['line after a quoted newline', 'claim_id,note,probability\nC1,"a\nb",0.1\nC2,x,0.5\nC3,y,2\n', /:5: claim_id C3: probability 2 is outside/],
];

describe.each(rejected)('rejected: %s', (name, content, message) => {
  it('throws InvalidSubmissionError naming file and line', async () => {
    const error = await parseFile(`${name}.csv`, content).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidSubmissionError);
    expect((error as Error).message).toContain(`${name}.csv`);
    expect((error as Error).message).toMatch(message);
    expect((error as InvalidSubmissionError).exitCode).toBe(1);
  });
});

describe('many problems', () => {
  it('lists the first 10 and counts the rest, reporting every kind in one run', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `C${i}`);
    const rows = ids.map((id) => `${id},2`).join('\n');
    const error = await parseFile('many.csv', `claim_id,probability\n${rows}\n`, ids).catch((e: unknown) => e);
    const message = (error as Error).message;
    expect(message).toContain('(30 problems)');
    expect(message.match(/outside \[0, 1\]/g)).toHaveLength(10);
    expect(message).toContain('… and 20 more problems');
  });

  it('streams a file larger than one read chunk with the right line numbers', async () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `C${i}`);
    const lines = ids.map((id, i) => `${id},${i === 41_234 ? 'oops' : (i % 100) / 100}`);
    const error = await parseFile('large.csv', `claim_id,probability\r\n${lines.join('\r\n')}\r\n`, ids).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/large\.csv:41236: claim_id C41234: probability is not a number/);
    const good = await parseFile('large-ok.csv', `claim_id,probability\n${ids.map((id, i) => `${id},${(i % 100) / 100}`).join('\n')}\n`, ids);
    expect(good.size).toBe(50_000);
    expect(good.get('C49999')).toBe(0.99);
  });

  it('names a missing file', async () => {
    const error = await parsePredictions(join(dir, 'nope.csv'), IDS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidSubmissionError);
    expect((error as Error).message).toMatch(/no nope\.csv at/);
  });
});
