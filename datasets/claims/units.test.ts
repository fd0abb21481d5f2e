import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { createStream, deriveCandidateSeed } from '../../harness/secrets';
import { csvLine } from './csv';
import { DATE_FORMATS, dayOf, formatDate, parseDate } from './dates';
import { AMOUNT_FORMATS, amountAlternatives, formatAmount } from './formats';
import { auc, pearson } from './metrics';
import { milliText } from './render';
import { parseAmount } from './testing/clean';

/** The small pieces the generator and the tests rest on. */

function bruteAuc(scores: number[], labels: number[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((s, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((t, j) => {
      if (labels[j] !== 0) return;
      pairs++;
      wins += s > t ? 1 : s === t ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('auc', () => {
  it.each([
    { scores: [0.1, 0.2, 0.3, 0.4], labels: [0, 0, 1, 1], expected: 1 },
    { scores: [0.4, 0.3, 0.2, 0.1], labels: [0, 0, 1, 1], expected: 0 },
    { scores: [1, 1, 1, 1], labels: [0, 1, 0, 1], expected: 0.5 },
    { scores: [1, 2, 2, 3], labels: [0, 1, 0, 1], expected: 0.875 },
  ])('$scores / $labels -> $expected', ({ scores, labels, expected }) => {
    expect(auc(scores, labels)).toBeCloseTo(expected, 12);
  });

  it('matches the pairwise definition on random data with ties', () => {
    const rng = createStream(deriveCandidateSeed('demo', 'ml', 'units'), 'units.auc');
    const scores = Array.from({ length: 300 }, () => rng.int(0, 20));
    const labels = scores.map((s) => (rng.bernoulli(0.2 + s / 40) ? 1 : 0));
    expect(auc(scores, labels)).toBeCloseTo(bruteAuc(scores, labels), 12);
  });

  it('is NaN when a class is missing', () => {
    expect(auc([1, 2], [0, 0])).toBeNaN();
  });
});

describe('pearson', () => {
  it('is 1, -1 and NaN where it should be', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [3, 2, 1])).toBeNaN();
  });
});

describe('csv', () => {
  it('round-trips commas, quotes and surrounding spaces through a standard parser', () => {
    const cells = ['$1,234.50', 'say "hi"', 'pallet ', ' Pallet', '', 'plain', 'line\nbreak'];
    const parsed = Papa.parse<string[]>(csvLine(cells)).data[0];
    expect(parsed).toEqual(cells);
    expect(csvLine(['a', 'b'])).toBe('a,b');
  });
});

describe('formats', () => {
  it('milliText equals toFixed(3) of the value', () => {
    for (const m of [0, 1, -1, 9, -10, 999, 1000, -1000, 1234, -5, -999, 12345, -32768]) expect(milliText(m)).toBe((m / 1000).toFixed(3));
  });

  it('every date format parses back to the same day', () => {
    for (const day of [dayOf(2022, 1, 1), dayOf(2023, 12, 31), dayOf(2024, 2, 29), dayOf(2017, 7, 4)]) {
      for (const format of DATE_FORMATS) expect(parseDate(formatDate(day, format)), format).toBe(day);
    }
    expect(formatDate(dayOf(2024, 3, 5), 'us')).toBe('03/05/2024');
    expect(parseDate('2024-13-45')).toBeNaN();
  });

  it('amount formats parse back, and only the lossless ones are offered as alternatives', () => {
    for (const value of [12.5, 999.99, 1234.5, 1234567.89]) {
      for (const format of AMOUNT_FORMATS) {
        const text = formatAmount(value, format);
        if (format === 'k' && value >= 1000) expect(Math.abs(parseAmount(text)! - value)).toBeLessThan(50);
        else expect(parseAmount(text)).toBeCloseTo(value, 6);
      }
    }
    expect(formatAmount(1234.5, 'dollar')).toBe('$1,234.50');
    expect(formatAmount(1234.5, 'k')).toBe('1.2k');
    expect(amountAlternatives(1234.5, '1.2k')).toEqual([]);
    expect(amountAlternatives(1234.5, '1234.50')).toEqual(['$1,234.50', 'USD 1234.50']);
  });
});
