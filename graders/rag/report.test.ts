import { describe, expect, it } from 'vitest';
import { KIT_EXAMPLE_RAG_REPORT } from '../../exercises/rag/kit/example';
import { parseJsonReport } from '../../harness/submission/json-report';
import { capEvalSets, MAX_EVAL_QUESTIONS, parseEvalSet, type EvalQuestion } from './evals';
import { RAG_REPORT_DOCS, RAG_REPORT_SCHEMA_ID, ragReportJsonSchema, ragReportSchema } from './report';

const parse = (value: unknown) => parseJsonReport(JSON.stringify(value), 'report.json', ragReportSchema, RAG_REPORT_DOCS);

describe('report.json (takehome.rag-report/v1)', () => {
  it('the kit example validates, and the JSON Schema names its id and required sections', () => {
    expect(parse(KIT_EXAMPLE_RAG_REPORT).problems).toEqual([]);
    const schema = ragReportJsonSchema();
    expect(schema.$id).toBe(RAG_REPORT_SCHEMA_ID);
    expect(schema.required).toEqual(expect.arrayContaining(['schema', 'evaluation', 'estimate', 'failure_modes', 'chunking']));
  });

  it('every problem names the file and the field, with the next step', () => {
    const bad = {
      ...KIT_EXAMPLE_RAG_REPORT,
      estimate: { overall: 0.6, low: 0.7, high: 1.2, reason: 'r' },
      failure_modes: [{ ...KIT_EXAMPLE_RAG_REPORT.failure_modes[0], category: 'multihop' }],
      extra: 1,
    };
    const { value, problems } = parse(bad);
    expect(value).toBeUndefined();
    const where = problems.map((p) => p.where);
    expect(where).toEqual(expect.arrayContaining(['field estimate.high', 'field failure_modes[0].category', 'field (root)']));
    expect(problems.every((p) => p.file === 'report.json' && p.fix.length > 0)).toBe(true);
    expect(problems.find((p) => p.where === 'field failure_modes[0].category')?.fix).toMatch(/use one of "single-fact", .*"other"/);
    expect(problems.find((p) => p.where === 'field (root)')?.fix).toMatch(/remove "extra"/);
  });

  it('an estimate outside its own interval is named at estimate.overall', () => {
    const { problems } = parse({ ...KIT_EXAMPLE_RAG_REPORT, estimate: { overall: 0.9, low: 0.1, high: 0.5, reason: 'r' } });
    expect(problems.map((p) => [p.where, p.message])).toEqual([['field estimate.overall', 'low <= overall <= high']]);
  });

  it('bad JSON names the line and column', () => {
    const { problems } = parseJsonReport('{\n  "schema": "x",\n  oops\n}', 'report.json', ragReportSchema, RAG_REPORT_DOCS);
    expect(problems[0]?.where).toMatch(/^line 3, column \d+$/);
    expect(problems[0]?.message).toMatch(/^not valid JSON/);
  });
});

const question = (id: string, over: Partial<EvalQuestion> = {}): EvalQuestion => ({
  id,
  category: 'off-topic',
  question: 'What is the weather in Paris?',
  referenceAnswer: 'Out of scope.',
  requiredFacts: [],
  forbiddenFacts: [],
  supportingDocs: [],
  expected: 'refuse',
  ...over,
});

describe('parseEvalSet', () => {
  it('reads the dev question format with ids of their own, skipping blank lines', () => {
    const text = `${JSON.stringify(question('weather-01'))}\n\n${JSON.stringify(question('multi-01', { category: 'multi-hop', expected: 'answer', supportingDocs: ['a-doc'] }))}\n`;
    const { set, problems } = parseEvalSet(text, 'evals/mine.jsonl');
    expect(problems).toEqual([]);
    expect(set.questions.map((q) => q.id)).toEqual(['weather-01', 'multi-01']);
  });

  it('names the line and field of each problem, and a duplicate id', () => {
    const lines = [JSON.stringify(question('a-01')), '{not json', JSON.stringify({ ...question('b-01'), expected: 'maybe' }), JSON.stringify(question('a-01'))];
    const { set, problems } = parseEvalSet(lines.join('\n'), 'evals/mine.jsonl');
    expect(set.questions.map((q) => q.id)).toEqual(['a-01']);
    expect(problems.map((p) => `${p.file} ${p.where}`)).toEqual(['evals/mine.jsonl line 2', 'evals/mine.jsonl line 3, field expected', 'evals/mine.jsonl line 4, field id']);
    expect(problems[2]?.message).toMatch(/duplicate id "a-01" \(first on line 1\)/);
  });

  it('an empty file is a problem', () => {
    expect(parseEvalSet('\n', 'evals/empty.jsonl').problems[0]?.message).toBe('holds no question');
  });
});

describe('capEvalSets', () => {
  it(`runs at most ${MAX_EVAL_QUESTIONS} questions in all, saying what was left out`, () => {
    const big = { file: 'evals/big.jsonl', questions: Array.from({ length: MAX_EVAL_QUESTIONS - 5 }, (_, i) => question(`q-${i}`)) };
    const more = { file: 'evals/more.jsonl', questions: Array.from({ length: 10 }, (_, i) => question(`m-${i}`)) };
    const capped = capEvalSets([big, more]);
    expect(capped.sets.map((s) => s.questions.length)).toEqual([MAX_EVAL_QUESTIONS - 5, 5]);
    expect(capped.problems.map((p) => p.file)).toEqual(['evals/more.jsonl']);
  });
});
