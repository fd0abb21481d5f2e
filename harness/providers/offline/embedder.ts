import { fmix32, hashString } from './hash';
import { isStopWord } from './stopwords';
import { words } from './words';

export interface OfflineEmbedderOptions {
  /** Vector length. Default 512. */
  dimension?: number;
  /** Add character trigrams of content words (helps "refund" match "refunds"). Default true. */
  charTrigrams?: boolean;
}

export const DEFAULT_EMBEDDING_DIMENSION = 512;
export const MAX_EMBEDDING_DIMENSION = 8192;

// One hash seed per feature kind, so the word "ab" and the trigram "ab" never share a slot on purpose.
const SEED_WORD = 0x811c9dc5;
const SEED_BIGRAM = 0x2545f491;
const SEED_TRIGRAM = 0x9e3779b9;
const SEED_SIGN = 0x5bd1e995;

// The IDF-like prior (documented in harness/providers/README.md): a fixed
// weight per feature kind, with stop words nearly muted and words holding
// digits boosted, since prices, limits and dates are what questions ask for.
const WEIGHT_STOP = 0.1;
const WEIGHT_WORD = 1.0;
const WEIGHT_NUMBER = 1.5;
const WEIGHT_BIGRAM = 0.7;
const WEIGHT_BIGRAM_WITH_STOP = 0.3;
const WEIGHT_TRIGRAM = 0.25;

/**
 * A hashed TF-IDF vectoriser: word unigrams, word bigrams and character
 * trigrams, each hashed into a fixed dimension with a hashed sign, weighted by
 * sublinear tf (1 + ln tf) times a fixed prior, then L2-normalised. A pure
 * function of the text: the same text gives the same vector on every machine.
 * Text without any word gives the zero vector.
 */
export class OfflineEmbedder {
  readonly dimension: number;
  readonly charTrigrams: boolean;

  constructor(options: OfflineEmbedderOptions = {}) {
    const dimension = options.dimension ?? DEFAULT_EMBEDDING_DIMENSION;
    if (!Number.isInteger(dimension) || dimension < 1 || dimension > MAX_EMBEDDING_DIMENSION) {
      throw new RangeError(`OfflineEmbedder: dimension must be an integer in 1..${MAX_EMBEDDING_DIMENSION}, got ${dimension}`);
    }
    this.dimension = dimension;
    this.charTrigrams = options.charTrigrams ?? true;
  }

  /** The model id the gateway and the LangChain class report. */
  get modelId(): string {
    return `offline-hashed-tfidf-${this.dimension}`;
  }

  embed(text: string): number[] {
    return Array.from(this.embedFloat64(text));
  }

  embedMany(texts: readonly string[]): number[][] {
    return texts.map((text) => this.embed(text));
  }

  /** The vector as a typed array (no copy into a JS array), for hot paths. */
  embedFloat64(text: string): Float64Array {
    const features = this.features(text);
    const vector = new Float64Array(this.dimension);
    for (const [hash, feature] of features) {
      const value = feature.weight * (1 + Math.log(feature.count));
      const sign = fmix32(hash ^ SEED_SIGN) & 1 ? 1 : -1;
      vector[hash % this.dimension]! += sign * value;
    }
    let norm = 0;
    for (let i = 0; i < vector.length; i += 1) norm += vector[i]! * vector[i]!;
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let i = 0; i < vector.length; i += 1) vector[i]! *= scale;
    }
    return vector;
  }

  private features(text: string): Map<number, { count: number; weight: number }> {
    const features = new Map<number, { count: number; weight: number }>();
    const add = (hash: number, weight: number): void => {
      const existing = features.get(hash);
      if (existing) existing.count += 1;
      else features.set(hash, { count: 1, weight });
    };
    const tokens = words(text);
    for (let i = 0; i < tokens.length; i += 1) {
      const word = tokens[i]!;
      const stop = isStopWord(word);
      add(hashString(word, SEED_WORD), stop ? WEIGHT_STOP : /\d/.test(word) ? WEIGHT_NUMBER : WEIGHT_WORD);
      if (i > 0) {
        const previous = tokens[i - 1]!;
        const previousStop = isStopWord(previous);
        if (!(stop && previousStop)) {
          add(hashString(`${previous} ${word}`, SEED_BIGRAM), stop || previousStop ? WEIGHT_BIGRAM_WITH_STOP : WEIGHT_BIGRAM);
        }
      }
      if (this.charTrigrams && !stop && word.length >= 4) {
        const padded = `#${word}#`;
        for (let j = 0; j + 3 <= padded.length; j += 1) add(hashString(padded.slice(j, j + 3), SEED_TRIGRAM), WEIGHT_TRIGRAM);
      }
    }
    return features;
  }
}

/** Cosine similarity; 0 when either vector is all zeros. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`cosineSimilarity: lengths differ (${a.length} vs ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i += 1) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
