import { createHmac } from 'node:crypto';
import type { CandidateSeed } from './seed';

/**
 * A seeded random stream named by its purpose. Every stream's state comes from
 * HMAC(parent key, name), so adding a draw in one stream never shifts another,
 * and `fork(name)` gives an independent child without consuming the parent.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's small fast counting PRNG, 128-bit
 * state, passes PractRand); it is written here because the common JS libraries
 * seed from 32 bits only, and we want the full 128 bits of the derived key.
 */
export class RandomStream {
  readonly name: string;
  readonly #key: Buffer;
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  #spareNormal: number | undefined;

  constructor(key: Buffer, name: string) {
    this.name = name;
    this.#key = createHmac('sha256', key).update(`stream:${name}`).digest();
    this.#a = this.#key.readUInt32LE(0);
    this.#b = this.#key.readUInt32LE(4);
    this.#c = this.#key.readUInt32LE(8);
    this.#d = this.#key.readUInt32LE(12) | 1;
    for (let i = 0; i < 16; i++) this.nextUint32();
  }

  /** An independent child stream: same parent and name give the same child. */
  fork(name: string): RandomStream {
    return new RandomStream(this.#key, name);
  }

  nextUint32(): number {
    const a = this.#a;
    const b = this.#b;
    const c = this.#c;
    const d = this.#d;
    const t = (((a + b) | 0) + d) | 0;
    this.#d = (d + 1) | 0;
    this.#a = b ^ (b >>> 9);
    this.#b = (c + (c << 3)) | 0;
    const rotated = (c << 21) | (c >>> 11);
    this.#c = (rotated + t) | 0;
    return t >>> 0;
  }

  /**
   * Fill `out` with the next out.length 32-bit words, the same words as that
   * many nextUint32() calls. Runs the generator on local variables: hot loops
   * (the bootstrap's billion draws) need it, a method call per word is ~4x slower.
   */
  fillUint32(out: Uint32Array): void {
    let a = this.#a;
    let b = this.#b;
    let c = this.#c;
    let d = this.#d;
    for (let i = 0; i < out.length; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      out[i] = t >>> 0;
    }
    this.#a = a;
    this.#b = b;
    this.#c = c;
    this.#d = d;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`int(${min}, ${max}): need integers with min <= max`);
    }
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box-Muller, one spare kept). */
  normal(mean = 0, sd = 1): number {
    if (this.#spareNormal !== undefined) {
      const z = this.#spareNormal;
      this.#spareNormal = undefined;
      return mean + sd * z;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Pick with weights (need not sum to 1). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    if (items.length === 0 || items.length !== weights.length) throw new RangeError('weighted: items and weights differ in length');
    const total = weights.reduce((s, w) => s + w, 0);
    let x = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      x -= weights[i] as number;
      if (x < 0) return items[i] as T;
    }
    return items[items.length - 1] as T;
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }

  /** k distinct items, in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    if (k > items.length) throw new RangeError(`sample ${k} of ${items.length}`);
    return this.shuffle(items).slice(0, k);
  }
}

/** The root stream for one purpose of one candidate's variant (e.g. "corpus.facts"). */
export function createStream(seed: CandidateSeed, name: string): RandomStream {
  return new RandomStream(seed.derive('takehome.random'), name);
}
