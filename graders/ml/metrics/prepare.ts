import { InvalidSubmissionError } from '../../../harness/errors';
import type { ScoreTable } from './types';

/**
 * A ScoreTable plus, for the bootstrap, the group of every positive and every
 * negative row (rows of one class are interchangeable, so the bootstrap only
 * needs to know which score each drawn row has).
 */
export interface PreparedScores extends ScoreTable {
  /** Group index (into scores) of each positive row; rows in no particular order. */
  readonly positiveGroups: Int32Array;
  readonly negativeGroups: Int32Array;
}

/**
 * Validate and group predictions once; every metric then runs in O(groups).
 *
 * Sorting is two native Float64Array sorts (one per class) and a merge, which
 * is several times faster than sorting an index array with a comparator at
 * 1,000,000 rows. Throws InvalidSubmissionError for a probability that is not
 * a finite number in [0, 1] (the candidate's file), RangeError for labels that
 * are not 0/1 or mismatched lengths (the grader's own data).
 */
export function prepareScores(y: Uint8Array, p: Float64Array): PreparedScores {
  if (y.length !== p.length) {
    throw new RangeError(`prepareScores: ${y.length} labels but ${p.length} probabilities; align predictions to labels by id first`);
  }
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    const label = y[i] as number;
    if (label === 1) positives++;
    else if (label !== 0) throw new RangeError(`prepareScores: label at row ${i} is ${label}; labels must be 0 or 1`);
    const prob = p[i] as number;
    if (!(prob >= 0 && prob <= 1)) {
      throw new InvalidSubmissionError(`probability at row ${i} is ${prob}; probabilities must be finite numbers in [0, 1]`, {
        hint: 'write the predicted probability of the positive class for every id in predictions.csv',
      });
    }
  }
  const negatives = y.length - positives;
  const posP = new Float64Array(positives);
  const negP = new Float64Array(negatives);
  let a = 0;
  let b = 0;
  for (let i = 0; i < y.length; i++) {
    // +0 turns -0 into 0 so both sort (and compare) as one score.
    if (y[i] === 1) posP[a++] = (p[i] as number) + 0;
    else negP[b++] = (p[i] as number) + 0;
  }
  posP.sort();
  negP.sort();
  return mergeDescending(posP, negP);
}

/** Merge two ascending arrays into groups of equal score, highest first. */
function mergeDescending(posP: Float64Array, negP: Float64Array): PreparedScores {
  const positives = posP.length;
  const negatives = negP.length;
  const cap = positives + negatives;
  const scores = new Float64Array(cap);
  const pos = new Float64Array(cap);
  const neg = new Float64Array(cap);
  const positiveGroups = new Int32Array(positives);
  const negativeGroups = new Int32Array(negatives);
  let i = positives - 1;
  let j = negatives - 1;
  let g = 0;
  while (i >= 0 || j >= 0) {
    const top = i < 0 ? (negP[j] as number) : j < 0 ? (posP[i] as number) : Math.max(posP[i] as number, negP[j] as number);
    scores[g] = top;
    let cp = 0;
    while (i >= 0 && posP[i] === top) {
      positiveGroups[i--] = g;
      cp++;
    }
    let cn = 0;
    while (j >= 0 && negP[j] === top) {
      negativeGroups[j--] = g;
      cn++;
    }
    pos[g] = cp;
    neg[g] = cn;
    g++;
  }
  return {
    scores: scores.slice(0, g),
    pos: pos.slice(0, g),
    neg: neg.slice(0, g),
    positives,
    negatives,
    n: cap,
    positiveGroups,
    negativeGroups,
  };
}
