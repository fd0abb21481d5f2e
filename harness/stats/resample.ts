import type { RandomStream } from '../secrets';

const TWO32 = 4294967296;
const INV_TWO32 = 1 / TWO32;
/** Up to this many rows, x * rows (x < 2^32) is exact in a double, so Lemire's method applies. */
export const LEMIRE_MAX_ROWS = 2 ** 21;

/** Words fetched from the stream at a time. */
const BLOCK = 4096;

/**
 * Add `rows` draws with replacement from `groupOfRow` into `out`: for each
 * draw of a row r uniform in [0, rows), out[groupOfRow[r]] += 1.
 *
 * The ML bootstrap makes a billion draws at 1,000,000 rows x 1000 replicates,
 * so words come from the stream in blocks (RandomStream.fillUint32) rather
 * than a method call each: the draws stay a pure function of the stream. An
 * index comes from one 32-bit word by Lemire's multiply-and-reject, which is
 * exactly uniform; past LEMIRE_MAX_ROWS (or when asked) it comes from a
 * 53-bit float made of two words, as RandomStream.next() does.
 */
export function drawIntoGroups(stream: RandomStream, groupOfRow: Int32Array, out: Float64Array, method: 'auto' | 'float53' = 'auto'): void {
  const rows = groupOfRow.length;
  if (rows === 0) return;
  const words = new Uint32Array(BLOCK);
  let at = BLOCK;
  const word = (): number => {
    if (at === BLOCK) {
      stream.fillUint32(words);
      at = 0;
    }
    return words[at++] as number;
  };
  if (method === 'auto' && rows <= LEMIRE_MAX_ROWS) {
    // Reject the 2^32 mod rows lowest products so that every index has the same number of preimages.
    const reject = TWO32 % rows;
    for (let i = 0; i < rows; ) {
      if (at === BLOCK) {
        stream.fillUint32(words);
        at = 0;
      }
      const x = words[at++] as number;
      if (Math.imul(x, rows) >>> 0 < reject) continue;
      out[groupOfRow[Math.floor(x * rows * INV_TWO32)] as number]! += 1;
      i++;
    }
    return;
  }
  for (let i = 0; i < rows; i++) {
    const x1 = word();
    const x2 = word();
    const u = ((x1 >>> 5) * 67108864 + (x2 >>> 6)) / 9007199254740992;
    out[groupOfRow[Math.floor(u * rows)] as number]! += 1;
  }
}

/**
 * One stratified resample: stratum k (the group index of each of its rows)
 * is drawn with replacement, as many rows as it has, into counts[k]
 * (zeroed first), strata in order from one stream. Every resample has the
 * data's stratum sizes.
 */
export function resampleStrata(stream: RandomStream, strata: readonly Int32Array[], counts: readonly Float64Array[]): void {
  for (const c of counts) c.fill(0);
  strata.forEach((rows, k) => drawIntoGroups(stream, rows, counts[k] as Float64Array));
}
