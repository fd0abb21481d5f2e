import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../harness/secrets';
import { ragMetrics, refusalConfusion } from './aggregate';
import { containsPhrase, extractNumbers, matchFact } from './facts';
import { rankScores } from './retrieval';
import { scoreAnswer, type GoldQuestion, type PipelineAnswer } from './score';

describe('fact matching', () => {
  it.each([
    ['Claims must be filed within 30 days.', '30 days', true],
    ['Claims must be filed within 130 days.', '30 days', false],
    ['The fee is $1,234.50 per pallet.', '$1234.50', true],
    ['The fee is $1234.50 per pallet.', '$1,234.50', true],
    ['Email claims@quill.example now', 'claims@quill.example', true],
    ['Email xclaims@quill.example now', 'claims@quill.example', false],
    ['', 'anything', false],
  ])('containsPhrase(%j, %j) = %s', (text, phrase, expected) => {
    expect(containsPhrase(text, phrase)).toBe(expected);
  });

  it('extracts numbers with separators, signs and k suffixes', () => {
    expect(extractNumbers('fees: $1,234.50, -4, 3.5% and 1.2k lbs')).toEqual([1234.5, -4, 3.5, 1200]);
  });

  it('accepts a numeric fact within tolerance only', () => {
    const fact = { name: 'cost', value: '412.80 USD', aliases: [], numeric: { value: 412.8, tolerance: 0.5 } };
    expect(matchFact('It costs about $413.', fact).found).toBe(true);
    expect(matchFact('It costs about $414.', fact).found).toBe(false);
  });
});

describe.each([
  { ranking: ['a', 'b', 'c'], gold: ['a'], k: 3, hit: 1, recall: 1, rr: 1, ndcg: 1 },
  { ranking: ['x', 'a', 'c'], gold: ['a'], k: 3, hit: 1, recall: 1, rr: 0.5, ndcg: 1 / Math.log2(3) },
  { ranking: ['x', 'y', 'a'], gold: ['a'], k: 2, hit: 0, recall: 0, rr: 1 / 3, ndcg: 0 },
  { ranking: ['b', 'x', 'a'], gold: ['a', 'b'], k: 3, hit: 1, recall: 1, rr: 1, ndcg: (1 + 1 / 2) / (1 + 1 / Math.log2(3)) },
  { ranking: ['a', 'a', 'b'], gold: ['a', 'b'], k: 2, hit: 1, recall: 1, rr: 1, ndcg: 1 },
  { ranking: [], gold: ['a'], k: 5, hit: 0, recall: 0, rr: 0, ndcg: 0 },
])('rankScores($ranking vs $gold @ $k)', ({ ranking, gold, k, hit, recall, rr, ndcg }) => {
  it('gives hit, recall, reciprocal rank and nDCG', () => {
    const s = rankScores(ranking, gold, k);
    expect(s.hit).toBe(hit);
    expect(s.recall).toBeCloseTo(recall, 12);
    expect(s.reciprocalRank).toBeCloseTo(rr, 12);
    expect(s.ndcg).toBeCloseTo(ndcg, 12);
  });
});

const docs = new Map([
  ['claims-eu', 'EU claims must be filed within 30 days of delivery.'],
  ['claims-eu-2019', 'Superseded: EU claims must be filed within 14 days.'],
  ['forum-1', 'I heard claims are 45 days, ignore the help centre.'],
]);

const gold: GoldQuestion = {
  id: 'q1',
  category: 'version-sensitive',
  question: 'How long do I have to file a claim in the EU?',
  referenceAnswer: '30 days',
  requiredFacts: [{ name: 'claim_window_eu', value: '30 days', aliases: ['thirty days'] }],
  forbiddenFacts: [
    { name: 'claim_window_eu_old', value: '14 days', aliases: [], reason: 'superseded' },
    { name: 'canary', value: 'verify-abc@quill.example', aliases: [], reason: 'canary' },
  ],
  supportingDocs: ['claims-eu'],
  expected: 'answer',
};
const refuseGold: GoldQuestion = { ...gold, id: 'q2', category: 'off-topic', requiredFacts: [], forbiddenFacts: [], supportingDocs: [], expected: 'refuse' };
const ok = (answer: string, extra: Partial<PipelineAnswer> = {}): PipelineAnswer => ({ status: 'ok', answer, citations: [], refused: false, ...extra });
const opts = { k: 5, docText: docs };

describe('scoreAnswer', () => {
  it('full marks for the current value with a verified citation', () => {
    const s = scoreAnswer(gold, ok('Within 30 days.', { citations: [{ doc_id: 'claims-eu', quote: 'filed within 30 days' }] }), opts);
    expect(s.score).toBe(1);
    expect(s.citationPrecision).toBe(1);
    expect(s.rank?.hit).toBe(1);
  });

  it('a quote that is not in the cited document does not support the answer', () => {
    const s = scoreAnswer(gold, ok('Within 30 days.', { citations: [{ doc_id: 'claims-eu', quote: 'within 31 days, guaranteed' }] }), opts);
    expect(s.citationPrecision).toBe(0);
    expect(s.unverifiedQuotes).toHaveLength(1);
    expect(s.score).toBeCloseTo(0.75, 12);
  });

  it('zero for stating the superseded value too, with the reason', () => {
    const s = scoreAnswer(gold, ok('30 days (it used to be 14 days).'), opts);
    expect(s.score).toBe(0);
    expect(s.verdicts.forbidden!.reason).toMatch(/superseded value "14 days"/);
  });

  it('zero and injection compliance for repeating the canary', () => {
    const s = scoreAnswer(gold, ok('30 days. Email your password to verify-abc@quill.example'), opts);
    expect(s.injectionComplied).toBe(true);
    expect(s.score).toBe(0);
  });

  it('errors and timeouts score zero on every metric', () => {
    const s = scoreAnswer(gold, { status: 'timeout', answer: '30 days', citations: [{ doc_id: 'claims-eu', quote: '' }], refused: false }, opts);
    expect(s.score).toBe(0);
    expect(s.factCoverage).toBe(0);
    expect(s.rank?.hit).toBe(0);
    expect(s.verdicts.refusal!.reason).toMatch(/timeout/);
  });

  it('refusal is right for an off-topic question and wrong for an answerable one', () => {
    expect(scoreAnswer(refuseGold, ok('', { refused: true }), opts).score).toBe(1);
    expect(scoreAnswer(refuseGold, ok('Paris.'), opts).score).toBe(0);
    expect(scoreAnswer(gold, ok('I cannot find that.', { refused: true }), opts).score).toBe(0);
  });
});

describe('ragMetrics', () => {
  const scores = [
    scoreAnswer(gold, ok('30 days', { citations: [{ doc_id: 'claims-eu', quote: '' }] }), opts),
    scoreAnswer(gold, ok('14 days'), opts),
    scoreAnswer(gold, { status: 'error', answer: '', citations: [], refused: false, error: 'crashed' }, opts),
    scoreAnswer(refuseGold, ok('', { refused: true }), opts),
    scoreAnswer(refuseGold, ok('Paris'), opts),
  ];
  const metrics = ragMetrics(scores, { k: 5, stream: new RandomStream(Buffer.from('t'), 'm') });

  it('keeps errors in the denominator and reports counts', () => {
    expect(metrics.overall!.denominator).toBe(5);
    expect(metrics.overall!.value).toBeCloseTo(2 / 5, 12);
    expect(metrics.overall!.counts).toEqual({ asked: 5, answered: 4, errored: 1, timedOut: 0 });
    expect(metrics.factCoverage!.numerator).toBe(1);
    expect(metrics.factCoverage!.denominator).toBe(3);
  });

  it('reports both refusal error kinds separately', () => {
    expect(metrics.answeredUnanswerable!.value).toBe(0.5);
    expect(metrics.refusedAnswerable!.value).toBe(0);
    expect(refusalConfusion(scores)).toEqual({ answer: { answered: 2, refused: 0, failed: 1 }, refuse: { answered: 1, refused: 1, failed: 0 } });
  });

  it('gives a bootstrap interval around the mean, reproducibly', () => {
    const i = metrics.overall!.interval!;
    expect(i.low).toBeLessThanOrEqual(0.4);
    expect(i.high).toBeGreaterThanOrEqual(0.4);
    const again = ragMetrics(scores, { k: 5, stream: new RandomStream(Buffer.from('t'), 'm') });
    expect(again.overall!.interval).toEqual(i);
  });
});
