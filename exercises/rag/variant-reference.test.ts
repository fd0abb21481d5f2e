import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Scorecard } from '../../harness/scorecard';
import { useTempDirs } from '../../test/test-helpers';
import {
  cachePath,
  defaultReferenceCacheDir,
  isReferenceSubmission,
  readCachedReference,
  REFERENCE_DIR,
  referenceFromScorecard,
  referenceHash,
  withVariantReference,
  writeCachedReference,
} from './variant-reference';

const tempDir = useTempDirs();

function scorecard(overall: number): Scorecard {
  return {
    variant: 'abc123',
    status: 'graded',
    metrics: {
      overall: { value: overall, direction: 'higher', interval: { low: overall - 0.05, high: overall + 0.05, level: 0.95, method: 't' } },
      answerQuality: { value: overall, direction: 'higher' },
      hit5: { value: 1, direction: 'higher' },
    },
    items: [
      { id: 'q1', kind: 'question', status: 'ok', verdicts: {}, evidence: {} },
      { id: 'q2', kind: 'question', status: 'ok', verdicts: {}, evidence: {} },
      { id: 'refusal-confusion', kind: 'check', status: 'ok', verdicts: {}, evidence: {} },
    ],
    flags: [],
  } as unknown as Scorecard;
}

const key = { split: 'hidden', graderVersion: '2.0.0', referenceHash: 'h1' };

describe('the reference score on the same variant', () => {
  it('sits beside the candidate: a context metric and an item with both results', () => {
    const reference = referenceFromScorecard(scorecard(0.4), key);
    expect(reference).toMatchObject({ variant: 'abc123', questions: 2, split: 'hidden' });
    expect(Object.keys(reference.metrics).sort()).toEqual(['answerQuality', 'hit5', 'overall']);
    const sc = withVariantReference(scorecard(0.25), reference, 'cache');
    expect(sc.metrics.referenceOverall).toMatchObject({ value: 0.4, direction: 'none' });
    expect(sc.metrics.overall!.value).toBe(0.25);
    const item = sc.items.find((i) => i.id === 'variant-reference')!;
    expect(item.verdicts.difficulty!.reason).toBe("on this variant's 2 hidden questions the reference pipeline scores overall 0.400 [0.350, 0.450]; this submission 0.250 [0.200, 0.300] (-0.150)");
    expect(item.evidence.source).toBe('cache');
    // The cache keeps every metric (the rubric anchors on them); the item shows the headline ones only.
    expect(Object.keys(item.evidence.reference as object).sort()).toEqual(['answerQuality', 'overall']);
  });

  it('is cached per variant, split, question count, grader version and reference source', async () => {
    const dir = tempDir('takehome-refcache-');
    const reference = referenceFromScorecard(scorecard(0.4), key);
    await writeCachedReference(dir, reference);
    const full = { variant: 'abc123', questions: 2, ...key };
    expect(await readCachedReference(dir, full)).toEqual(reference);
    for (const other of [{ variant: 'zzz' }, { split: 'dev' }, { questions: 3 }, { graderVersion: '3.0.0' }, { referenceHash: 'h2' }]) {
      expect(await readCachedReference(dir, { ...full, ...other }), JSON.stringify(other)).toBeUndefined();
    }
    // A damaged cache file is graded again, never trusted.
    writeFileSync(cachePath(dir, full), '{"schema":');
    expect(await readCachedReference(dir, full)).toBeUndefined();
  });

  it("the reference's hash moves when a file of it changes, not when its index does", async () => {
    const dir = tempDir('takehome-refhash-');
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'answer.ts'), 'a');
    const before = await referenceHash(dir);
    mkdirSync(join(dir, '.index'));
    writeFileSync(join(dir, '.index', 'x'), 'index');
    expect(await referenceHash(dir)).toBe(before);
    writeFileSync(join(dir, 'src', 'answer.ts'), 'b');
    expect(await referenceHash(dir)).not.toBe(before);
    expect(await referenceHash()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('knows the reference folder, and where the cache lives', () => {
    expect(isReferenceSubmission(`${REFERENCE_DIR}/`)).toBe(true);
    expect(isReferenceSubmission(join(REFERENCE_DIR, '..', 'calibration', 'baseline'))).toBe(false);
    expect(defaultReferenceCacheDir({ TAKEHOME_REFERENCE_CACHE: '/x' })).toBe('/x');
    expect(defaultReferenceCacheDir({ XDG_CACHE_HOME: '/c', HOME: '/h' })).toBe('/c/takehome/rag-reference');
    expect(defaultReferenceCacheDir({ HOME: '/h' })).toBe('/h/.cache/takehome/rag-reference');
  });
});
