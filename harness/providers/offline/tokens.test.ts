import { describe, expect, it } from 'vitest';
import { countChatTokens, countTokens, decodeTokens, estimateRunTokens, truncateToTokens } from './tokens';

describe('countTokens (cl100k_base)', () => {
  it.each([
    ['', 0],
    ['hello world', 2],
    ['The quick brown fox jumps over the lazy dog.', 10],
  ])('%j has %i tokens', (text, expected) => {
    expect(countTokens(text)).toBe(expected);
  });

  it('estimates unbroken runs over 64 characters instead of encoding them', () => {
    const blob = 'A'.repeat(400);
    expect(estimateRunTokens(blob)).toBe(100);
    expect(countTokens(`see ${blob} here`)).toBe(countTokens('see ') + 100 + countTokens(' here'));
    expect(estimateRunTokens('日本語')).toBe(3);
  });

  it('stays fast on a hostile 1 MiB body', () => {
    // Not a timing assertion: the guard must make the count finish at all within the test timeout.
    const hostile = '語'.repeat(1024 * 1024);
    expect(countTokens(hostile)).toBe(1024 * 1024);
    const spaced = `${'語'.repeat(60)} `.repeat(17_000);
    expect(countTokens(spaced)).toBeGreaterThan(17_000 * 60 * 0.9);
  });

  it('counts short non-ASCII words exactly while the slow budget lasts', () => {
    expect(countTokens('café naïve')).toBe(countTokens('café') + countTokens(' naïve'));
  });
});

describe('countChatTokens', () => {
  it("follows OpenAI's per-message overhead rule", () => {
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hello world', name: 'bob' },
    ];
    const expected = 3 + (3 + countTokens('system') + countTokens('Be brief.')) + (3 + countTokens('user') + 2 + 1 + countTokens('bob'));
    expect(countChatTokens(messages)).toBe(expected);
  });
});

describe('truncateToTokens / decodeTokens', () => {
  it('keeps the first N tokens and says when it cut', () => {
    expect(truncateToTokens('one two three four', 2)).toEqual({ text: 'one two', truncated: true });
    expect(truncateToTokens('one two', 5)).toEqual({ text: 'one two', truncated: false });
    expect(truncateToTokens('one', 0)).toEqual({ text: '', truncated: true });
  });

  it('decodes token ids back to text', () => {
    expect(decodeTokens([15339, 1917])).toBe('hello world');
  });
});
