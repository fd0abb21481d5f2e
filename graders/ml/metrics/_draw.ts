import type { RandomStream } from '../../../harness/secrets';

const TWO32 = 4294967296;
const INV_TWO32 = 1 / TWO32;
/** Up to this many rows, x * rows (x < 2^32) is exact in a double, so Lemire's method applies. */
export const LEMIRE_MAX_ROWS = 2 ** 21;

/**
 * Add `rows` draws with replacement from `groupOfRow` into `out`: for each
 * draw of a row r uniform in [0, rows), out[groupOfRow[r]] += 1.
 *
 * The bootstrap makes a billion draws at 1,000,000 rows x 1000 replicates, and
 * RandomStream.next() (a method call over private fields, two words a draw)
 * is about four times slower than the same generator on local variables. So
 * this runs the same sfc32 generator as harness/secrets/random.ts on locals,
 * seeded with 128 bits from the stream (plus the same 16 warm-up rounds): the
 * draws stay a pure function of the stream. An index comes from one 32-bit
 * word by Lemire's multiply-and-reject, which is exactly uniform; past
 * LEMIRE_MAX_ROWS (or when asked) it comes from a 53-bit float, as
 * RandomStream.next() does.
 */
export function drawIntoGroups(stream: RandomStream, groupOfRow: Int32Array, out: Float64Array, method: 'auto' | 'float53' = 'auto'): void {
  const rows = groupOfRow.length;
  if (rows === 0) return;
  let a = stream.nextUint32() | 0;
  let b = stream.nextUint32() | 0;
  let c = stream.nextUint32() | 0;
  let d = stream.nextUint32() | 1;
  for (let i = 0; i < 16; i++) {
    const x = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + x) | 0;
  }
  if (method === 'auto' && rows <= LEMIRE_MAX_ROWS) {
    // Reject the 2^32 mod rows lowest products so that every index has the same number of preimages.
    const reject = TWO32 % rows;
    for (let i = 0; i < rows; ) {
      const x = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + x) | 0;
      if (Math.imul(x, rows) >>> 0 < reject) continue;
      out[groupOfRow[Math.floor((x >>> 0) * rows * INV_TWO32)] as number]! += 1;
      i++;
    }
    return;
  }
  for (let i = 0; i < rows; i++) {
    const x1 = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + x1) | 0;
    const x2 = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + x2) | 0;
    const u = ((x1 >>> 5) * 67108864 + (x2 >>> 6)) / 9007199254740992;
    out[groupOfRow[Math.floor(u * rows)] as number]! += 1;
  }
}
