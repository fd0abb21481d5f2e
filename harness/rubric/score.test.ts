import { describe, expect, it } from 'vitest';
import { rubricSectionSchema, type Scorecard } from '../scorecard';
import { median } from '../stats';
import { parseRubric, renderPublicRubric, scoreRubric } from './index';

const RUBRIC = `schema: takehome.rubric/v1
exercise: demo
criteria:
  - id: quality
    title: Quality
    weight: 0.4
    levels: { 1: bad, 2: weak, 3: good, 4: great }
    auto: { metric: score, better: higher, relativeToReference: true, thresholds: [0.5, 0.8, 0.95] }
  - id: errors
    title: Errors
    weight: 0.2
    levels: { 1: many, 2: some, 3: few, 4: none }
    auto: { metric: errors, better: lower, thresholds: [10, 5, 0] }
  - id: notes
    title: Notes
    weight: 0.2
    manual: true
    guidance: read the notes (an interviewer-only hint)
    levels: { 1: none, 2: thin, 3: clear, 4: excellent }
  - id: tests
    title: Tests
    weight: 0.1
    manual: true
    guidance: read the tests
    auto: { metric: errors, better: lower, thresholds: [10, 5, 0] }
    levels: { 1: none, 2: few, 3: good, 4: thorough }
  - id: secret-sauce
    title: Secret sauce
    weight: 0.1
    manual: true
    public: false
    guidance: hidden
    levels: { 1: a, 2: b, 3: c, 4: d }
`;

const rubric = parseRubric(RUBRIC, 'rubric.yaml', { exercise: 'demo', metrics: ['score', 'errors'] });

function scorecard(score: { value: number; low: number; high: number }, errors: number): Scorecard {
  return {
    status: 'graded',
    variant: 'v1',
    metrics: {
      score: { value: score.value, direction: 'higher', interval: { low: score.low, high: score.high, level: 0.95, method: 'test' } },
      errors: { value: errors, direction: 'lower' },
    },
    flags: [],
  } as unknown as Scorecard;
}

const reference = scorecard({ value: 0.5, low: 0.45, high: 0.55 }, 0);
const at = '2026-01-01T00:00:00.000Z';

describe('scoreRubric', () => {
  it('median of an odd and an even number of levels', () => {
    expect(median([3, 1, 4])).toBe(3);
    expect(median([2, 3])).toBe(2.5);
    expect(median([4])).toBe(4);
  });

  it('merges automatic levels and reviews: median, spread, range, a weighted total with its interval, and what is missing', () => {
    const section = scoreRubric({
      rubric,
      rubricSha256: 'abc',
      scorecard: scorecard({ value: 0.45, low: 0.38, high: 0.49 }, 3),
      reference,
      headline: 'score',
      reviews: [
        { criterion: 'notes', interviewer: 'Omar', level: 2, note: 'thin', at },
        { criterion: 'notes', interviewer: 'Ines', level: 4, note: 'clear', at },
        { criterion: 'notes', interviewer: 'Zoe', level: 3, note: 'ok', at },
      ],
    });
    expect(rubricSectionSchema.parse(section)).toEqual(section);
    const by = Object.fromEntries(section.criteria.map((c) => [c.criterion, c]));
    // quality: 0.45 / 0.5 = 0.9 -> level 3; its interval 0.76..0.98 -> levels 2..4
    expect(by.quality).toMatchObject({ source: 'auto', level: 3, range: { low: 2, high: 4 }, raw: 0.45, reference: 0.5 });
    expect(by.quality?.relative).toBeCloseTo(0.9, 12);
    expect(by.errors).toMatchObject({ source: 'auto', level: 3, range: { low: 3, high: 3 }, relative: null });
    expect(by.notes).toMatchObject({ source: 'manual', level: 3, range: { low: 2, high: 4 } });
    expect(by.notes?.reviews?.map((r) => r.interviewer)).toEqual(['Ines', 'Omar', 'Zoe']);
    expect(by.notes?.evidence).toBe('median of 3 interviewers (Ines 4, Omar 2, Zoe 3), spread 2');
    // Both automatic and manual, nobody reviewed: the automatic level stands, and says so.
    expect(by.tests).toMatchObject({ source: 'auto', level: 3 });
    expect(by.tests?.evidence).toMatch(/stands until an interviewer reviews it/);
    expect(section.missing).toEqual([{ criterion: 'secret-sauce', reason: 'manual: nobody reviewed it yet' }]);
    // covered: 0.4 + 0.2 + 0.2 + 0.1 = 0.9; total (0.4*3 + 0.2*3 + 0.2*3 + 0.1*3) / 0.9 = 3
    expect(section.total.weightCovered).toBeCloseTo(0.9, 9);
    expect(section.total.value).toBeCloseTo(3, 6);
    // low: (0.4*2 + 0.2*3 + 0.2*2 + 0.1*3) / 0.9 = 2.333...; high: (0.4*4 + 0.2*3 + 0.2*4 + 0.1*3) / 0.9 = 3.666...
    expect(section.total.interval?.low).toBeCloseTo(2.1 / 0.9, 5);
    expect(section.total.interval?.high).toBeCloseTo(3.3 / 0.9, 5);
    expect(section.headline).toEqual({ metric: 'score', raw: 0.45, reference: 0.5, relative: 0.9 });
  });

  it('a review of a criterion that is also automatic replaces the automatic level; the automatic one stays as evidence', () => {
    const section = scoreRubric({
      rubric,
      rubricSha256: 'abc',
      scorecard: scorecard({ value: 0.5, low: 0.5, high: 0.5 }, 0),
      reference,
      headline: 'score',
      reviews: [{ criterion: 'tests', interviewer: 'Ines', level: 1, note: 'no tests at all', at }],
    });
    const tests = section.criteria.find((c) => c.criterion === 'tests');
    expect(tests).toMatchObject({ source: 'manual', level: 1, range: { low: 1, high: 1 } });
    expect(tests?.evidence).toMatch(/^median of 1 interviewer \(Ines 1\), spread 0; automatic evidence: level 4/);
  });

  it('without a reference a relative criterion is missing, with the reason; nothing scored gives no total', () => {
    const section = scoreRubric({
      rubric,
      rubricSha256: 'abc',
      scorecard: scorecard({ value: 0.45, low: 0.4, high: 0.5 }, 3),
      headline: 'score',
      referenceMissing: 'the reference could not be graded',
      reviews: [],
    });
    expect(section.missing.map((m) => m.criterion)).toEqual(['quality', 'notes', 'secret-sauce']);
    expect(section.missing[0]?.reason).toMatch(/no positive reference value \(the reference could not be graded\)/);
    expect(section.headline.relative).toBeNull();
    const invalid = scoreRubric({ rubric, rubricSha256: 'abc', scorecard: { ...scorecard({ value: 0, low: 0, high: 0 }, 0), status: 'invalid' }, headline: 'score', reviews: [] });
    expect(invalid.total).toEqual({ value: null, interval: null, weightCovered: 0 });
    expect(invalid.missing).toHaveLength(5);
  });
});

describe('renderPublicRubric', () => {
  it("shows public criteria, weights and level descriptors; never thresholds, guidance or a hidden criterion's name", () => {
    const text = renderPublicRubric(rubric, 'demo');
    expect(text).toMatch(/\| Quality \| 40% \| automatically \|/);
    expect(text).toMatch(/\| Notes \| 20% \| by an interviewer \|/);
    expect(text).toMatch(/\| Tests \| 10% \| automatic evidence, then an interviewer \|/);
    expect(text).toMatch(/\| other criteria \| 10% \|/);
    expect(text).toMatch(/- \*\*4 strong yes\*\*: excellent/);
    expect(text).not.toMatch(/Secret sauce|interviewer-only hint|0\.95|thresholds/);
  });
});
