import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, UsageError } from '../errors';
import { createStream, deriveCandidateSeed, RandomStream, resolveSecret } from './index';
import { useTempDirs } from '../../test/test-helpers';

const tempDir = useTempDirs();

describe('deriveCandidateSeed', () => {
  it('is HMAC-SHA256(secret, exercise:candidate), seen only through derived keys', () => {
    const seed = deriveCandidateSeed('s3cret-s3cret-s3cret', 'rag', 'ada');
    const expected = createHmac('sha256', 's3cret-s3cret-s3cret').update('rag:ada').digest();
    const fromExpected = createHmac('sha256', expected).update('purpose').digest();
    expect(seed.derive('purpose').equals(fromExpected)).toBe(true);
  });

  it('differs by secret, exercise and candidate, and reproduces', () => {
    const a = deriveCandidateSeed('secret-one-xxxxxxxx', 'rag', 'ada').fingerprint;
    expect(deriveCandidateSeed('secret-one-xxxxxxxx', 'rag', 'ada').fingerprint).toBe(a);
    expect(deriveCandidateSeed('secret-two-xxxxxxxx', 'rag', 'ada').fingerprint).not.toBe(a);
    expect(deriveCandidateSeed('secret-one-xxxxxxxx', 'ml', 'ada').fingerprint).not.toBe(a);
    expect(deriveCandidateSeed('secret-one-xxxxxxxx', 'rag', 'bob').fingerprint).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{12}$/);
  });

  it('refuses to be serialised or printed', () => {
    const seed = deriveCandidateSeed('demo', 'rag', 'ada');
    const raw = createHmac('sha256', 'demo').update('rag:ada').digest('hex');
    expect(() => JSON.stringify({ seed })).toThrow(/refusing to serialise/);
    expect(String(seed)).not.toContain(raw);
    expect(String(seed)).toContain(seed.fingerprint);
    expect(seed.fingerprint).not.toBe(raw.slice(0, 12));
  });

  it.each(['', '../etc', 'a b', 'x'.repeat(65), '-lead'])('rejects candidate id %j', (id) => {
    expect(() => deriveCandidateSeed('demo', 'rag', id)).toThrow(UsageError);
  });
});

describe('RandomStream', () => {
  const seed = deriveCandidateSeed('demo', 'rag', 'ada');

  it('named streams are independent: drawing from one never shifts another', () => {
    const b1 = createStream(seed, 'b');
    const expected = [b1.next(), b1.next(), b1.next()];
    const a = createStream(seed, 'a');
    for (let i = 0; i < 100; i++) a.next();
    const b2 = createStream(seed, 'b');
    expect([b2.next(), b2.next(), b2.next()]).toEqual(expected);
    expect(createStream(seed, 'a').next()).not.toBe(expected[0]);
  });

  it('forks without consuming the parent', () => {
    const p1 = createStream(seed, 'p');
    const first = p1.next();
    const p2 = createStream(seed, 'p');
    const child = p2.fork('child').next();
    expect(p2.next()).toBe(first);
    expect(createStream(seed, 'p').fork('child').next()).toBe(child);
    expect(createStream(seed, 'p').fork('other').next()).not.toBe(child);
  });

  it('draws are in range and roughly uniform', () => {
    const s = new RandomStream(Buffer.from('k'), 'u');
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 50_000; i++) {
      const x = s.next();
      expect(x >= 0 && x < 1).toBe(true);
      buckets[Math.floor(x * 10)]! += 1;
    }
    for (const b of buckets) expect(Math.abs(b - 5000)).toBeLessThan(300);
    const ints = new Set<number>();
    for (let i = 0; i < 1000; i++) ints.add(s.int(3, 7));
    expect([...ints].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('normal draws have mean 0 and sd 1', () => {
    const s = new RandomStream(Buffer.from('k'), 'n');
    const xs = Array.from({ length: 40_000 }, () => s.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });

  it('shuffle is a permutation and sample gives distinct items', () => {
    const s = new RandomStream(Buffer.from('k'), 's');
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = s.shuffle(items);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    expect(new Set(s.sample(items, 20)).size).toBe(20);
    expect(() => s.sample(items, 51)).toThrow(RangeError);
  });
});

describe('resolveSecret', () => {
  it('prefers --secret-file over TAKEHOME_SECRET', () => {
    const dir = tempDir('takehome-secret-');
    const file = join(dir, 'secret');
    writeFileSync(file, 'from-file-0123456789\n');
    const r = resolveSecret({ env: { TAKEHOME_SECRET: 'from-env-0123456789' }, secretFile: file });
    expect(r.value).toBe('from-file-0123456789');
    expect(r.source).toBe('file');
    expect(r.warnings).toEqual([]);
  });

  it('fails closed without a secret, naming both ways to give one', () => {
    expect(() => resolveSecret({ env: {} })).toThrow(ConfigError);
    expect(() => resolveSecret({ env: {} })).toThrow(/TAKEHOME_SECRET.*--secret-file/);
  });

  it('warns when the demo secret is used outside the demo, not inside it', () => {
    expect(resolveSecret({ env: { TAKEHOME_SECRET: 'demo' } }).warnings.join()).toMatch(/public demo secret/);
    expect(resolveSecret({ env: {}, demo: true }).warnings).toEqual([]);
    expect(resolveSecret({ env: {}, demo: true }).isDemo).toBe(true);
  });

  it('names the secret file it cannot read', () => {
    expect(() => resolveSecret({ env: {}, secretFile: '/nonexistent/secret' })).toThrow(/\/nonexistent\/secret/);
  });
});

describe('RandomStream.fillUint32', () => {
  it('gives the same words as nextUint32, and continues the stream', () => {
    const a = new RandomStream(Buffer.from('k'), 'fill');
    const b = new RandomStream(Buffer.from('k'), 'fill');
    const block = new Uint32Array(37);
    a.fillUint32(block);
    expect(Array.from(block)).toEqual(Array.from({ length: 37 }, () => b.nextUint32()));
    expect(a.next()).toBe(b.next());
  });
});
