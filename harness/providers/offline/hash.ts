/**
 * FNV-1a over UTF-16 code units, finished with murmur3's fmix32 avalanche.
 * FNV-1a alone has weak low bits, and the embedder takes `hash % dimension`,
 * so the finaliser is what spreads features evenly. Non-cryptographic on
 * purpose: it only needs to be fast and the same on every machine.
 */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

export function fmix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
