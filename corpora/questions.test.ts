import { describe, expect, it } from 'vitest';
import { deriveCandidateSeed } from '../harness/secrets';
import { buildQuestionPool, buildQuestionsFromFacts, questionFamily, renderCorpus, renderFactProbes, statesFact } from './index';
import { QUESTION_CATEGORIES, type RagQuestion, RagQuestionSchema, type RenderedDoc } from './types';

const seed = deriveCandidateSeed('test-secret', 'rag', 'cand-a');
const { docs, facts } = renderCorpus(seed);
const probes = new Map(renderFactProbes(facts).map((d) => [d.id, d]));
const byId = new Map(docs.map((d) => [d.id, d]));
const pool = buildQuestionsFromFacts(facts);
const isComputed = (name: string) => name.startsWith('computed:');

describe('question pool', () => {
  it('has at least 500 schema-valid questions with unique ids in every category', () => {
    expect(pool.length).toBeGreaterThanOrEqual(500);
    expect(new Set(pool.map((q) => q.id)).size).toBe(pool.length);
    for (const q of pool) expect(() => RagQuestionSchema.parse(q)).not.toThrow();
    for (const c of QUESTION_CATEGORIES) expect(pool.filter((q) => q.category === c).length, c).toBeGreaterThanOrEqual(20);
  });

  it('matches the pool built from the seed, and is deterministic', () => {
    expect(buildQuestionPool(seed)).toEqual(pool);
  });

  it('leaves no unrendered mustache tag', () => {
    for (const q of pool) expect(JSON.stringify(q).includes('{{'), q.id).toBe(false);
  });

  it('names only supporting documents that exist', () => {
    for (const q of pool) for (const id of q.supportingDocs) expect(byId.has(id), `${q.id}: ${id}`).toBe(true);
  });

  it('states every non-computed required fact in one of its supporting documents', () => {
    for (const q of pool) {
      for (const f of q.requiredFacts.filter((r) => !isComputed(r.name))) {
        const docsWith = q.supportingDocs.filter((id) => statesFact(probes.get(id) as RenderedDoc, f.name));
        expect(docsWith.length, `${q.id}: ${f.name}`).toBeGreaterThan(0);
        expect(
          docsWith.some((id) => byId.get(id)?.markdown.includes(f.value)),
          `${q.id}: ${f.value}`,
        ).toBe(true);
      }
    }
  });

  it('gives computed answers a numeric spec and explains them in the reference answer', () => {
    const computed = pool.filter((q) => q.requiredFacts.some((f) => isComputed(f.name)));
    expect(computed.length).toBeGreaterThanOrEqual(40);
    for (const q of computed) {
      expect(q.category).toBe('numeric-reasoning');
      for (const f of q.requiredFacts) {
        expect(Number.isFinite(f.numeric?.value), q.id).toBe(true);
        expect(q.referenceAnswer, q.id).toContain(f.value);
      }
    }
  });

  it('puts forbidden values in the corpus where the reason says, never as the current value', () => {
    const where: Record<RagQuestion['forbiddenFacts'][number]['reason'], (d: RenderedDoc, name: string) => boolean> = {
      superseded: (d) => d.frontMatter.status === 'superseded' || d.frontMatter.source === 'forum',
      contradicted: (d) => d.frontMatter.source === 'forum',
      canary: (d) => d.planted.includes('injection'),
      'other-region': (d, name) => d.frontMatter.region === ({ us: 'US', eu: 'EU', apac: 'APAC' } as const)[name.split('_').pop() as 'us'],
    };
    let checked = 0;
    for (const q of pool) {
      for (const f of q.forbiddenFacts) {
        const holders = [...probes.values()].filter((d) => statesFact(d, f.name));
        expect(
          holders.some((d) => where[f.reason](d, f.name)),
          `${q.id}: ${f.name} (${f.reason})`,
        ).toBe(true);
        expect(
          docs.some((d) => d.markdown.includes(f.value)),
          `${q.id}: ${f.value}`,
        ).toBe(true);
        for (const r of q.requiredFacts) {
          expect(f.value, q.id).not.toBe(r.value);
          if (f.numeric && r.numeric && f.numeric.unit === r.numeric.unit) expect(f.numeric.value, q.id).not.toBe(r.numeric.value);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    for (const reason of ['superseded', 'contradicted', 'canary', 'other-region']) {
      expect(
        pool.some((q) => q.forbiddenFacts.some((f) => f.reason === reason)),
        reason,
      ).toBe(true);
    }
  });

  it('marks refusals consistently', () => {
    for (const q of pool) {
      const refuse = q.category === 'off-topic' || q.category === 'unanswerable-on-topic';
      expect(q.expected, q.id).toBe(refuse ? 'refuse' : 'answer');
      if (refuse) expect(q.requiredFacts, q.id).toEqual([]);
      else if (q.category !== 'injection-bait') expect(q.requiredFacts.length, q.id).toBeGreaterThan(0);
    }
    for (const q of pool.filter((x) => x.category === 'injection-bait')) {
      expect(
        q.forbiddenFacts.map((f) => f.reason),
        q.id,
      ).toContain('canary');
      expect(
        q.supportingDocs.some((id) => byId.get(id)?.planted.includes('injection')),
        q.id,
      ).toBe(true);
    }
  });

  it('version-sensitive questions forbid the superseded value and region-sensitive ones the other regions', () => {
    for (const q of pool.filter((x) => x.category === 'version-sensitive'))
      expect(
        q.forbiddenFacts.some((f) => f.reason === 'superseded'),
        q.id,
      ).toBe(true);
    for (const q of pool.filter((x) => x.category === 'region-sensitive')) expect(q.forbiddenFacts.filter((f) => f.reason === 'other-region').length, q.id).toBe(2);
  });

  it('renders different values for another candidate', () => {
    const other = buildQuestionPool(deriveCandidateSeed('test-secret', 'rag', 'cand-b'));
    expect(other.map((q) => q.id)).toEqual(pool.map((q) => q.id));
    const changed = pool.filter((q, i) => q.requiredFacts.length > 0 && JSON.stringify(q.requiredFacts) !== JSON.stringify(other[i]?.requiredFacts));
    expect(changed.length / pool.filter((q) => q.requiredFacts.length > 0).length).toBeGreaterThan(0.9);
  });

  it('keeps paraphrases of one family on the same facts', () => {
    const families = new Map<string, RagQuestion[]>();
    for (const q of pool) families.set(questionFamily(q.id), [...(families.get(questionFamily(q.id)) ?? []), q]);
    expect(families.size).toBeGreaterThanOrEqual(250);
    for (const [family, qs] of families) {
      for (const q of qs) {
        expect(q.requiredFacts, family).toEqual(qs[0]?.requiredFacts);
        expect(q.category, family).toBe(qs[0]?.category);
      }
    }
  });
});
