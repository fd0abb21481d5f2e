import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cosineSimilarity, OfflineEmbedder } from './embedder';
import { hashString } from './hash';

const norm = (v: number[]): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('OfflineEmbedder', () => {
  const embedder = new OfflineEmbedder();

  it('is a pure function of the text', () => {
    const a = embedder.embed('The Pro plan costs $49 per month.');
    const b = new OfflineEmbedder().embed('The Pro plan costs $49 per month.');
    expect(a).toEqual(b);
    expect(a).toHaveLength(512);
  });

  it('gives the same vector on every machine (pinned fingerprint)', () => {
    // If this changes, every stored vector (pgvector, kits) is invalidated: bump the model id instead.
    const v = embedder.embed('Refunds are issued within 30 days of purchase [billing-02].');
    const digest = createHash('sha256')
      .update(Buffer.from(new Float32Array(v).buffer))
      .digest('hex')
      .slice(0, 16);
    expect(hashString('abc')).toBe(hashString('abc'));
    expect(digest).toMatchInlineSnapshot(`"a306af67b39d19e0"`);
  });

  it('is L2-normalised, and the zero vector for text without words', () => {
    expect(norm(embedder.embed('refund window for annual plans'))).toBeCloseTo(1, 10);
    expect(embedder.embed('  ... !!! ')).toEqual(new Array(512).fill(0));
  });

  it('honours the dimension and rejects bad ones', () => {
    expect(new OfflineEmbedder({ dimension: 64 }).embed('hello world')).toHaveLength(64);
    expect(new OfflineEmbedder({ dimension: 64 }).modelId).toBe('offline-hashed-tfidf-64');
    expect(() => new OfflineEmbedder({ dimension: 0 })).toThrow(/dimension/);
    expect(() => new OfflineEmbedder({ dimension: 1.5 })).toThrow(/dimension/);
  });

  it('ranks a related text above an unrelated one', () => {
    const q = embedder.embed('How long is the refund window?');
    const related = embedder.embed('Customers may request refunds within a 30 day window.');
    const unrelated = embedder.embed('The service level objective is 99.9% monthly uptime.');
    expect(cosineSimilarity(q, related)).toBeGreaterThan(cosineSimilarity(q, unrelated) + 0.1);
  });

  it('lets morphological variants match through character trigrams', () => {
    const withTrigrams = cosineSimilarity(embedder.embed('refunds policies'), embedder.embed('refund policy'));
    const plain = new OfflineEmbedder({ charTrigrams: false });
    const without = cosineSimilarity(plain.embed('refunds policies'), plain.embed('refund policy'));
    expect(without).toBeCloseTo(0, 1);
    expect(withTrigrams).toBeGreaterThan(0.15);
  });

  it('mutes stop words: texts sharing only stop words are near-orthogonal', () => {
    // Sharing one content word outweighs sharing three stop words.
    const a = embedder.embed('uptime of the service');
    const b = embedder.embed('uptime guarantee');
    expect(cosineSimilarity(a, b)).toBeGreaterThan(0.3);
    const c = embedder.embed('uptime of the service');
    const d = embedder.embed('refund of the purchase');
    expect(Math.abs(cosineSimilarity(c, d))).toBeLessThan(0.15);
  });
});

describe('cosineSimilarity', () => {
  it('is 0 against a zero vector and rejects length mismatches', () => {
    expect(cosineSimilarity([0, 0], [1, 0])).toBe(0);
    expect(cosineSimilarity([1, 0], [1, 0])).toBeCloseTo(1);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(/lengths differ/);
  });
});
