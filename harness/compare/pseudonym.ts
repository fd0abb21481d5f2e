import { createHash } from 'node:crypto';
import { pseudonymFor } from '../review/pseudonym';
import type { CompareInput } from './model';

/**
 * A pseudonym per input label for --blind. With the loop's secret: the
 * reviewers' pseudonym of the candidate (harness/review's pseudonymFor), so a
 * blind page and the reviews name a candidate alike. Without one: "candidate-01".. in the
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
    const base = secret ? pseudonymFor(secret, input.scorecard.candidate) : `candidate-${String(i + 1).padStart(width, '0')}`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    out.set(input.label, n > 1 ? `${base}-${n}` : base);
  });
  return out;
}
