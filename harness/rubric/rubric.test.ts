import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import type { Scorecard } from '../scorecard';
import { autoLevel, parseRubric } from './index';

const GOOD = `schema: takehome.rubric/v1
exercise: demo
criteria:
  - id: quality
    title: Quality
    weight: 0.6
    levels: { 1: bad, 2: weak, 3: good, 4: great }
    auto:
      metric: score
      better: higher
      relativeToReference: true
      thresholds: [0.5, 0.8, 0.95]
      caps:
        - { flag: injection-attempt, maxLevel: 1 }
  - id: errors
    title: Errors
    weight: 0.2
    levels: { 1: many, 2: some, 3: few, 4: none }
    auto:
      metric: errors
      better: lower
      thresholds: [10, 5, 0]
  - id: notes
    title: Notes
    weight: 0.2
    manual: true
    guidance: read them
    levels: { 1: none, 2: thin, 3: clear, 4: excellent }
`;

const context = { exercise: 'demo', metrics: ['score', 'errors'] };

function problem(text: string): ConfigError {
  try {
    parseRubric(text, 'rubric.yaml', context);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('the rubric was accepted');
}

describe('parseRubric', () => {
  it('reads a valid rubric with defaults filled in', () => {
    const rubric = parseRubric(GOOD, 'rubric.yaml', context);
    expect(rubric.criteria.map((c) => c.id)).toEqual(['quality', 'errors', 'notes']);
    expect(rubric.criteria[1]?.auto?.relativeToReference).toBe(false);
    expect(rubric.criteria[2]?.public).toBe(true);
  });

  it('an unknown metric names the line and the field, and lists the metrics there are', () => {
    const error = problem(GOOD.replace('metric: errors', 'metric: eror'));
    expect(error.message).toBe('rubric.yaml:20: field criteria.1.auto.metric: unknown metric "eror"; the demo scorecard carries: score, errors');
    expect(error.exitCode).toBe(2);
    expect(error.hint).toMatch(/harness\/rubric\/README\.md/);
  });

  it('weights that do not sum to 1 name the criteria list', () => {
    expect(problem(GOOD.replace('weight: 0.6', 'weight: 0.5')).message).toMatch(/^rubric\.yaml:4: field criteria: the weights sum to 0\.9, not 1$/);
  });

  it('a missing level points at the levels of that criterion', () => {
    expect(problem(GOOD.replace('levels: { 1: many, 2: some, 3: few, 4: none }', 'levels: { 1: many, 2: some, 4: none }')).message).toBe(
      'rubric.yaml:18: field criteria.1.levels.3: describe level 3 (yes)',
    );
  });

  it('reports every problem at once, each located', () => {
    const text = GOOD.replace('metric: errors', 'metric: eror').replace('flag: injection-attempt', 'flag: cheating');
    const message = problem(text).message;
    expect(message).toMatch(/^2 problems in rubric\.yaml:/);
    expect(message).toMatch(/rubric\.yaml:14: field criteria\.0\.auto\.caps\.0\.flag: unknown flag "cheating"/);
    expect(message).toMatch(/rubric\.yaml:20: field criteria\.1\.auto\.metric/);
  });

  it('takes a criterion that is automatic and manual at once (the automatic level is evidence until reviewed)', () => {
    const both = GOOD.replace('    manual: true\n', '    manual: true\n    auto: { metric: score, better: higher, thresholds: [1, 2, 3] }\n');
    expect(parseRubric(both, 'rubric.yaml', { exercise: 'demo', metrics: context.metrics }).criteria[2]).toMatchObject({ manual: true, auto: { metric: 'score' } });
  });

  it.each([
    ['thresholds out of order', GOOD.replace('thresholds: [10, 5, 0]', 'thresholds: [0, 5, 10]'), /criteria\.1\.auto\.thresholds: thresholds for levels 2, 3, 4 must decrease/],
    ['a criterion neither automatic nor manual', GOOD.replace('    manual: true\n', ''), /automatic \(auto: \.\.\.\), manual \(manual: true\), or both/],
    ['a manual criterion without guidance', GOOD.replace('    guidance: read them\n', ''), /criteria\.2\.guidance: a manual criterion needs guidance/],
    ['a duplicate id', GOOD.replace('id: notes', 'id: errors'), /criteria\.2\.id: duplicate criterion id "errors"/],
    ['another exercise', GOOD.replace('exercise: demo', 'exercise: other'), /rubric\.yaml:2: field exercise: this rubric is for "other", not "demo"/],
    ['broken YAML', 'criteria: [\n', /rubric\.yaml:\d+: not valid YAML/],
  ])('refuses %s', (_, text, message) => {
    expect(problem(text).message).toMatch(message);
  });
});

function scorecard(metrics: Record<string, { value: number; low?: number; high?: number }>, flags: string[] = []): Scorecard {
  return {
    status: 'graded',
    metrics: Object.fromEntries(
      Object.entries(metrics).map(([name, m]) => [
        name,
        { value: m.value, direction: 'higher', ...(m.low === undefined ? {} : { interval: { low: m.low, high: m.high, level: 0.95, method: 'test' } }) },
      ]),
    ),
    flags: flags.map((code) => ({ code, severity: 'critical', message: code })),
  } as unknown as Scorecard;
}

describe('autoLevel', () => {
  const rubric = parseRubric(GOOD, 'rubric.yaml', context);
  const [quality, errors, notes] = rubric.criteria as [never, never, never];
  const reference = scorecard({ score: { value: 0.5 } });

  it('takes a relative metric against the reference on the same variant, with the range its interval allows', () => {
    const level = autoLevel(quality, scorecard({ score: { value: 0.45, low: 0.38, high: 0.49 } }), reference);
    expect(level).toMatchObject({ level: 3, range: { low: 2, high: 4 }, raw: 0.45, reference: 0.5 });
    expect(level.value).toBeCloseTo(0.9, 12);
    expect(level.reason).toMatch(/score 0\.450 = 0\.900 x the reference's 0\.500/);
  });

  it('the same candidate result is worth less on an easier variant', () => {
    const candidate = scorecard({ score: { value: 0.45 } });
    expect(autoLevel(quality, candidate, scorecard({ score: { value: 0.45 } })).level).toBe(4);
    expect(autoLevel(quality, candidate, scorecard({ score: { value: 0.9 } })).level).toBe(2);
  });

  it('lower-is-better thresholds, and a flag that caps the level', () => {
    expect(autoLevel(errors, scorecard({ errors: { value: 0 } })).level).toBe(4);
    expect(autoLevel(errors, scorecard({ errors: { value: 3 } })).level).toBe(3);
    expect(autoLevel(errors, scorecard({ errors: { value: 11 } })).level).toBe(1);
    const capped = autoLevel(quality, scorecard({ score: { value: 0.5 } }, ['injection-attempt']), reference);
    expect(capped).toMatchObject({ level: 1, range: { low: 1, high: 1 }, cappedBy: ['injection-attempt'] });
  });

  it('gives no level, with the reason, when the scorecard cannot support one', () => {
    expect(autoLevel(quality, scorecard({ score: { value: 0.5 } })).reason).toMatch(/no positive reference value/);
    expect(autoLevel(errors, scorecard({})).level).toBeNull();
    expect(autoLevel(errors, { ...scorecard({ errors: { value: 0 } }), status: 'invalid' } as Scorecard).reason).toMatch(/invalid/);
    expect(autoLevel(notes, scorecard({})).reason).toMatch(/manual/);
  });
});
