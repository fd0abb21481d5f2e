import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import { parseScorecard, readScorecard, SCORECARD_SCHEMA, writeScorecard, type Scorecard } from './index';
import { useTempDirs } from '../../test/test-helpers';

const tempDir = useTempDirs();

function sample(): Scorecard {
  return {
    schema: SCORECARD_SCHEMA,
    exercise: 'rag',
    candidate: 'ada',
    variant: 'abcdef012345',
    harnessVersion: '0.1.0',
    status: 'graded',
    problems: [],
    backend: 'offline',
    metrics: {
      recall: { value: 0.5, numerator: 1, denominator: 2, direction: 'higher', counts: { asked: 2, answered: 2, errored: 0, timedOut: 0 } },
    },
    breakdown: {},
    items: [{ id: 'q1', kind: 'question', status: 'ok', verdicts: { recall: { pass: true, score: 1, reason: 'cited doc-1' } }, evidence: { answer: 'x' } }],
    flags: [],
  };
}

describe('scorecard io', () => {
  it('writes atomically and reads back the same scorecard', async () => {
    const dir = tempDir('takehome-sc-');
    const path = join(dir, 'scorecard.json');
    await writeScorecard(path, sample());
    expect(await readScorecard(path)).toEqual(sample());
    expect(readdirSync(dir)).toEqual(['scorecard.json']);
  });

  it('writes the same bytes for the same scorecard whatever the key order', async () => {
    const dir = tempDir('takehome-sc-');
    const reordered = Object.fromEntries(Object.entries(sample()).reverse()) as Scorecard;
    await writeScorecard(join(dir, 'a.json'), sample());
    await writeScorecard(join(dir, 'b.json'), reordered);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe(readFileSync(join(dir, 'b.json'), 'utf8'));
  });

  it('never writes an invalid scorecard and leaves the old file intact', async () => {
    const dir = tempDir('takehome-sc-');
    const path = join(dir, 'scorecard.json');
    await writeScorecard(path, sample());
    const before = readFileSync(path, 'utf8');
    const bad = { ...sample(), status: 'great' } as unknown as Scorecard;
    await expect(writeScorecard(path, bad)).rejects.toThrow();
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['scorecard.json']);
  });

  it('rejects an unknown schema version with a message naming both versions', () => {
    const text = JSON.stringify({ ...sample(), schema: 'takehome.scorecard/v9' });
    expect(() => parseScorecard(text, 'x.json')).toThrow(ConfigError);
    expect(() => parseScorecard(text, 'x.json')).toThrow(/x\.json.*takehome\.scorecard\/v9.*takehome\.scorecard\/v1/);
  });

  it('names the bad field of a malformed scorecard', () => {
    const broken = sample() as unknown as { metrics: { recall: { direction: string } } };
    broken.metrics.recall.direction = 'sideways';
    expect(() => parseScorecard(JSON.stringify(broken), 'y.json')).toThrow(/y\.json: field metrics\.recall\.direction/);
  });

  it('reports a file that is not JSON', async () => {
    const dir = tempDir('takehome-sc-');
    writeFileSync(join(dir, 's.json'), '{not json');
    await expect(readScorecard(join(dir, 's.json'))).rejects.toThrow(/not valid JSON/);
  });
});
