import { describe, expect, it } from 'vitest';
import { answerPatternFlags } from './patterns';
import type { QuestionScore } from './score';

function q(id: string, extra: Partial<QuestionScore> = {}): QuestionScore {
  return {
    id,
    category: 'single-fact',
    status: 'ok',
    expected: 'answer',
    refused: false,
    score: 0.5,
    factCoverage: 1,
    factsFound: [],
    factsMissing: [],
    factsListed: [],
    forbiddenFound: [],
    citationPrecision: 1,
    citationRecall: 1,
    citationsMade: 1,
    unverifiedQuotes: [],
    rank: null,
    injectionComplied: false,
    verdicts: {},
    ...extra,
  };
}

const codes = (scores: QuestionScore[]) => answerPatternFlags(scores).map((f) => `${f.severity} ${f.code}`);

describe('answerPatternFlags', () => {
  it('raises nothing for plain honest answers', () => {
    expect(codes(Array.from({ length: 20 }, (_, i) => q(`q${i}`)))).toEqual([]);
  });

  it('a followed injection names the items it scored 0', () => {
    const flags = answerPatternFlags([q('a', { injectionComplied: true, score: 0 }), q('b')]);
    expect(flags).toMatchObject([{ code: 'injection-followed', severity: 'warning', zeroed: ['a'] }]);
    expect(flags[0]!.explanation).toMatch(/planted instructions/);
  });

  it('flags number sprays, not a numbered list or three quoted table rows', () => {
    const honest = [q('a', { factsListed: [{ name: 'wraps', phrase: '3', values: 7 }] }), q('b', { factsListed: [{ name: 'rate', phrase: '$14.62', values: 12 }] })];
    expect(codes(honest)).toEqual([]);
    const spray = [...honest, q('c', { factsListed: [{ name: 'window', phrase: '45', values: 417 }] })];
    const flags = answerPatternFlags(spray);
    expect(flags).toMatchObject([{ code: 'number-spray', severity: 'warning' }]);
    expect(flags[0]!.message).toMatch(/^1 answer\(s\) .* first c \(window: 417 values written like "45"\)/);
    expect(flags[0]!.evidence).toEqual({ items: [{ id: 'c', listed: [{ name: 'window', phrase: '45', values: 417 }] }] });
  });

  it('flags citations that mostly support nothing, with examples, once there are enough of them', () => {
    const empty = (id: string) => q(id, { citationsMade: 2, unverifiedQuotes: ['doc-a: empty quote', 'doc-b: empty quote'] });
    expect(codes([empty('a'), empty('b'), empty('c'), empty('d')])).toEqual([]);
    const flags = answerPatternFlags([empty('a'), empty('b'), empty('c'), empty('d'), empty('e'), q('f')]);
    expect(flags).toMatchObject([{ code: 'unverified-citations', evidence: { citations: 11, unverified: 10 } }]);
    expect(flags[0]!.message).toMatch(/first a -> doc-a: empty quote/);
  });

  it('flags refusing most answerable questions, not a careful pipeline', () => {
    const refused = (id: string) => q(id, { refused: true, score: 0 });
    expect(codes([refused('a'), q('b'), q('c')])).toEqual([]);
    expect(codes([refused('a'), refused('b'), q('c'), q('off', { expected: 'refuse', refused: true })])).toEqual(['warning over-refusal']);
  });
});
