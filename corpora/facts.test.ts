import { describe, expect, it } from 'vitest';
import { deriveCandidateSeed } from '../harness/secrets';
import { FACT_DEFS } from './facts/definitions';
import { generateFacts } from './facts/generate';
import { FactValueSchema } from './types';

const seedA = deriveCandidateSeed('test-secret', 'rag', 'cand-a');
const seedB = deriveCandidateSeed('test-secret', 'rag', 'cand-b');
const REGIONS = ['us', 'eu', 'apac'];

describe('seeded facts', () => {
  const a = generateFacts(seedA);

  it('has at least 60 facts, each schema-valid', () => {
    expect(Object.keys(a).length).toBeGreaterThanOrEqual(60);
    for (const fact of Object.values(a)) expect(() => FactValueSchema.parse(fact)).not.toThrow();
  });

  it('is deterministic for a seed', () => {
    expect(generateFacts(seedA)).toEqual(a);
  });

  it('gives two candidates different values for at least 90% of the facts', () => {
    const b = generateFacts(seedB);
    const names = Object.keys(a);
    const differ = names.filter((n) => a[n]?.value !== b[n]?.value).length;
    expect(differ / names.length).toBeGreaterThanOrEqual(0.9);
  });

  it('draws each fact from its own fork: removing one fact shifts no other value', () => {
    const removed = FACT_DEFS.find((d) => !FACT_DEFS.some((o) => o.distinctFrom?.includes(d.name)));
    expect(removed).toBeDefined();
    const without = generateFacts(
      seedA,
      FACT_DEFS.filter((d) => d !== removed),
    );
    for (const [name, fact] of Object.entries(without)) expect(fact).toEqual(a[name]);
  });

  describe.each(Array.from({ length: 12 }, (_, i) => `cand-${i}`))('constraints for %s', (candidate) => {
    const f = generateFacts(deriveCandidateSeed('test-secret', 'rag', candidate));
    it('a superseded value always differs from the current one', () => {
      const olds = Object.keys(f).filter((n) => n.endsWith('_old'));
      expect(olds.length).toBeGreaterThanOrEqual(8);
      for (const old of olds) expect(f[old]?.value, old).not.toBe(f[old.slice(0, -4)]?.value);
    });
    it('regional variants differ from each other', () => {
      const bases = new Set(
        Object.keys(f)
          .filter((n) => n.endsWith('_us'))
          .map((n) => n.slice(0, -3)),
      );
      for (const base of bases) {
        const values = REGIONS.map((r) => f[`${base}_${r}`]?.value).filter((v) => v !== undefined);
        expect(new Set(values).size, base).toBe(values.length);
      }
    });
    it("a forum post's value differs from the official one", () => {
      expect(f.claim_window_days_forum?.value).not.toBe(f.claim_window_days_us?.value);
      expect(f.liftgate_max_lbs_forum?.value).not.toBe(f.liftgate_max_lbs?.value);
    });
  });
});
