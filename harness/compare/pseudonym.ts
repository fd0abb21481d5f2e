import { createHash, createHmac } from 'node:crypto';
import type { CompareInput } from './model';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * `anon-` and eight base32 characters of HMAC-SHA256(secret,
 * "takehome.review-pseudonym:" + candidate): the pseudonym a blind reviewer
 * sees for the candidate (harness/review uses the same formula), so a hiring
 * lead's blind page and the reviews name a candidate alike.
 */
function reviewPseudonym(secret: string, candidate: string): string {
  const mac = createHmac('sha256', secret).update(`takehome.review-pseudonym:${candidate}`).digest();
  let out = '';
  for (let i = 0; i < 8; i++) out += ALPHABET[(mac[i] as number) % 32];
  return `anon-${out}`;
}

/**
 * A pseudonym per input label for --blind. With the loop's secret: the
 * reviewers' pseudonym of the candidate. Without one: "candidate-01".. in the
 * order of the variant fingerprints (derived from the secret, so the order
 * says nothing of the names). Labels of one candidate (the demo grades many
 * submissions as one) get "-2", "-3".. after the first.
 */
export function pseudonymsFor(inputs: readonly CompareInput[], secret?: string): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Map<string, number>();
  const order = [...inputs].sort((a, b) => {
    const ka = `${a.scorecard.variant}:${createHash('sha256').update(a.label).digest('hex')}`;
    const kb = `${b.scorecard.variant}:${createHash('sha256').update(b.label).digest('hex')}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const width = Math.max(2, String(inputs.length).length);
  order.forEach((input, i) => {
    const base = secret ? reviewPseudonym(secret, input.scorecard.candidate) : `candidate-${String(i + 1).padStart(width, '0')}`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    out.set(input.label, n > 1 ? `${base}-${n}` : base);
  });
  return out;
}
