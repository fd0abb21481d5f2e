import { describe, expect, it } from 'vitest';
import { deriveCandidateSeed } from '../harness/secrets';
import { buildQuestionPool, DEV_FAMILIES_PER_CATEGORY, questionFamily, splitQuestions } from './index';
import { QUESTION_CATEGORIES, type RagQuestion } from './types';

const seedA = deriveCandidateSeed('test-secret', 'rag', 'cand-a');
const seedB = deriveCandidateSeed('test-secret', 'rag', 'cand-b');
const poolA = buildQuestionPool(seedA);
const poolB = buildQuestionPool(seedB);
const a = splitQuestions(seedA, poolA);
const b = splitQuestions(seedB, poolB);
const count = (qs: RagQuestion[], c: string) => qs.filter((q) => q.category === c).length;

describe('splitQuestions', () => {
  it('makes a dev split of about 40 covering every category, with the same ids for every candidate', () => {
    expect(a.dev.length).toBe(QUESTION_CATEGORIES.length * DEV_FAMILIES_PER_CATEGORY);
    for (const c of QUESTION_CATEGORIES) expect(count(a.dev, c), c).toBe(DEV_FAMILIES_PER_CATEGORY);
    expect(b.dev.map((q) => q.id)).toEqual(a.dev.map((q) => q.id));
  });

  it('samples a hidden split of at least 150, one question per family, stratified by category', () => {
    expect(a.hidden.length).toBeGreaterThanOrEqual(150);
    expect(new Set(a.hidden.map((q) => questionFamily(q.id))).size).toBe(a.hidden.length);
    const families = (c: string) => new Set(poolA.filter((q) => q.category === c).map((q) => questionFamily(q.id))).size - DEV_FAMILIES_PER_CATEGORY;
    const share = Math.floor(a.hidden.length / QUESTION_CATEGORIES.length);
    for (const c of QUESTION_CATEGORIES) {
      expect(count(a.hidden, c), c).toBeGreaterThanOrEqual(Math.min(families(c), share));
      expect(count(a.hidden, c), c).toBeLessThanOrEqual(families(c));
    }
  });

  it('keeps hidden disjoint from dev, paraphrases included', () => {
    for (const s of [a, b]) {
      const devFamilies = new Set(s.dev.map((q) => questionFamily(q.id)));
      for (const q of s.hidden) expect(devFamilies.has(questionFamily(q.id)), q.id).toBe(false);
    }
  });

  it('is deterministic per candidate and differs between candidates', () => {
    expect(splitQuestions(seedA, poolA)).toEqual(a);
    expect(b.hidden.map((q) => q.id)).not.toEqual(a.hidden.map((q) => q.id));
  });
});
