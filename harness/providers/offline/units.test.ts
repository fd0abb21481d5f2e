import { describe, expect, it } from 'vitest';
import { MAX_UNIT_CHARS, markerOf, splitContext, splitSentences } from './units';

describe('splitSentences', () => {
  it('splits on sentence ends but not inside numbers or abbreviations before lower case', () => {
    expect(splitSentences('The Pro plan costs $4.50 a seat. Refunds take 30 days! Really? yes e.g. this')).toEqual([
      'The Pro plan costs $4.50 a seat.',
      'Refunds take 30 days!',
      'Really? yes e.g. this',
    ]);
  });
});

describe('markerOf', () => {
  it.each([
    ['See [billing-02] for details', '[billing-02]'],
    ['[doc:pricing/01] Plans', '[doc:pricing/01]'],
    ['a [link](http://x) here', undefined],
    ['- [ ] todo', undefined],
    ['- [x] done', undefined],
  ])('%j -> %j', (text, expected) => {
    expect(markerOf(text)).toBe(expected);
  });
});

describe('splitContext', () => {
  const context = [
    'Context:',
    '[pricing-01] Plans',
    '## Monthly prices',
    'Our plans are billed monthly. Annual billing saves 20%.',
    '',
    '| Plan | Price | Seats |',
    '|------|------:|-------|',
    '| Starter | $9 | 1 |',
    '| Pro | $49 | 10 |',
    '',
    'Source: ops-03',
    'Uptime is 99.9% per month.',
    '- Support replies within 4 hours.',
  ].join('\n');
  const units = splitContext(context);

  it('makes sentences, table rows and list items into units, in order', () => {
    expect(units.map((u) => u.text)).toEqual([
      'Our plans are billed monthly.',
      'Annual billing saves 20%.',
      '| Starter | $9 | 1 |',
      '| Pro | $49 | 10 |',
      'Uptime is 99.9% per month.',
      '- Support replies within 4 hours.',
    ]);
    expect(units.map((u) => u.position)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('carries the block marker, from "[id] Title" lines and "Source: id" headers', () => {
    expect(units.map((u) => u.marker)).toEqual(['[pricing-01]', '[pricing-01]', '[pricing-01]', '[pricing-01]', '[ops-03]', '[ops-03]']);
  });

  it('scores table rows with their header and prose with its heading, without quoting them', () => {
    expect(units[3]!.scoringText).toContain('| Plan | Price | Seats |');
    expect(units[0]!.scoringText).toContain('Monthly prices');
    expect(units[0]!.text).not.toContain('Monthly prices');
  });

  it('cuts a huge unit so one blob cannot make a huge answer', () => {
    const [unit] = splitContext('x'.repeat(50_000));
    expect(unit!.text.length).toBeLessThanOrEqual(MAX_UNIT_CHARS + 1);
  });

  it('skips lines without letters or digits', () => {
    expect(splitContext('---\n***\n')).toEqual([]);
  });
});
