import { InvalidSubmissionError } from '../../../harness/errors';
import { groupByScore, type ScoreGroups } from '../../../harness/stats';
import type { ScoreTable } from './types';

/**
 * A ScoreTable plus, for the bootstrap, the group of every positive and every
 * negative row (rows of one class are interchangeable, so the bootstrap only
 * needs to know which score each drawn row has): harness/stats' ScoreGroups.
 */
export interface PreparedScores extends ScoreTable, ScoreGroups {}

/**
 * Validate and group predictions once; every metric then runs in O(groups).
 * Grouping is harness/stats' groupByScore (two native sorts and a merge).
 * Throws InvalidSubmissionError for a probability that is not a finite number
 * in [0, 1] (the candidate's file), RangeError for labels that are not 0/1 or
 * mismatched lengths (the grader's own data).
 */
export function prepareScores(y: Uint8Array, p: Float64Array): PreparedScores {
  if (y.length !== p.length) {
    throw new RangeError(`prepareScores: ${y.length} labels but ${p.length} probabilities; align predictions to labels by id first`);
  }
  for (let i = 0; i < y.length; i++) {
    const label = y[i] as number;
    if (label !== 1 && label !== 0) throw new RangeError(`prepareScores: label at row ${i} is ${label}; labels must be 0 or 1`);
    const prob = p[i] as number;
    if (!(prob >= 0 && prob <= 1)) {
      throw new InvalidSubmissionError(`probability at row ${i} is ${prob}; probabilities must be finite numbers in [0, 1]`, {
        hint: 'write the predicted probability of the positive class for every id in predictions.csv',
      });
    }
  }
  return groupByScore(y, p);
}
