/** Ranking metrics for validation: ROC AUC (ties count half) and step-wise average precision, as scikit-learn defines them. */

function order(p: ArrayLike<number>): number[] {
  return Array.from({ length: p.length }, (_, i) => i).sort((a, b) => (p[b] as number) - (p[a] as number));
}

export function rocAuc(p: ArrayLike<number>, y: ArrayLike<number>): number {
  const idx = order(p);
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i] as number;
  const negatives = y.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  // Walk groups of tied scores from the top: each negative beats nothing above it.
  let posAbove = 0;
  let pairs = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    let pos = 0;
    let neg = 0;
    while (j < idx.length && p[idx[j] as number] === p[idx[i] as number]) {
      if (y[idx[j] as number] === 1) pos += 1;
      else neg += 1;
      j += 1;
    }
    pairs += neg * posAbove + 0.5 * neg * pos;
    posAbove += pos;
    i = j;
  }
  return pairs / (positives * negatives);
}

export function averagePrecision(p: ArrayLike<number>, y: ArrayLike<number>): number {
  const idx = order(p);
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i] as number;
  if (positives === 0) return Number.NaN;
  let tp = 0;
  let seen = 0;
  let ap = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    let pos = 0;
    while (j < idx.length && p[idx[j] as number] === p[idx[i] as number]) {
      pos += y[idx[j] as number] as number;
      j += 1;
    }
    tp += pos;
    seen += j - i;
    ap += (pos / positives) * (tp / seen);
    i = j;
  }
  return ap;
}

/** The threshold (one of the scores) with the best F1 of "predict positive when p >= t". */
export function bestF1Threshold(p: ArrayLike<number>, y: ArrayLike<number>): { threshold: number; f1: number } {
  const idx = order(p);
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i] as number;
  let tp = 0;
  let seen = 0;
  let best = { threshold: 0.5, f1: 0 };
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j < idx.length && p[idx[j] as number] === p[idx[i] as number]) {
      tp += y[idx[j] as number] as number;
      j += 1;
    }
    seen = j;
    const f1 = (2 * tp) / (seen + positives);
    if (f1 > best.f1) best = { threshold: p[idx[i] as number] as number, f1 };
    i = j;
  }
  return best;
}
