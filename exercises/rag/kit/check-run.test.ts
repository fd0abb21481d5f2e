import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RagReport } from '../../../graders/rag/report';
import { readSelfAssessmentFiles } from '../../../graders/rag/self-assessment-files';
import { loadModelMap, loadPriceTable } from '../../../harness/gateway';
import { SAFETY_NET_MS, useTempDirs } from '../../../test/test-helpers';
import { checkExitCode, formatCheck } from './check-entry';
import { runCheck } from './check-run';
import { KIT_EXAMPLE_RAG_REPORT } from './example';

const tempDir = useTempDirs();

/**
 * A kit in miniature: one document, two dev questions, and a pipeline (plain
 * node, no model call) that refuses questions about the weather and answers
 * everything else from the document with a verbatim quote. Enough for the
 * check to run dev questions, the candidate's eval set and report.json
 * through the grader's own loop and scorer, in well under a second.
 */
const DOC = [
  '---\nid: claims-window\ntitle: Claims\n---\n',
  'Claims must be filed within 45 days of delivery.',
  'Send photos of the damaged freight, the bill of lading and the delivery receipt with every claim.',
  'A claims adjuster reviews each file and may ask for more documents before a decision is made.',
  '',
].join('\n');
const ANSWER = `const rl = require('node:readline').createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const q = JSON.parse(line);
  const out = /weather/i.test(q.question)
    ? { id: q.id, answer: 'I cannot answer that.', citations: [], refused: true }
    : { id: q.id, answer: 'Claims must be filed within 45 days of delivery.', citations: [{ doc_id: 'claims-window', quote: 'Claims must be filed within 45 days of delivery' }], refused: false };
  process.stdout.write(JSON.stringify(out) + '\\n');
});`;
const fact = { name: 'claim_days', value: '45 days', aliases: ['45-day'] };
const answerable = (id: string, category = 'single-fact') => ({
  id,
  category,
  question: 'How long do I have to file a claim?',
  referenceAnswer: 'Within 45 days.',
  requiredFacts: [fact],
  forbiddenFacts: [],
  supportingDocs: ['claims-window'],
  expected: 'answer',
});
const refusable = (id: string) => ({
  id,
  category: 'off-topic',
  question: 'What is the weather in Paris?',
  referenceAnswer: 'Out of scope.',
  requiredFacts: [],
  forbiddenFacts: [],
  supportingDocs: [],
  expected: 'refuse',
});
const jsonl = (rows: object[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;

function miniKit(): string {
  const dir = tempDir('takehome-rag-check-');
  mkdirSync(join(dir, 'corpus'));
  mkdirSync(join(dir, 'dev'));
  writeFileSync(join(dir, 'corpus', 'claims.md'), DOC);
  writeFileSync(join(dir, 'dev', 'questions.jsonl'), jsonl([answerable('claim-window-01'), refusable('weather-01')]));
  writeFileSync(join(dir, 'answer.cjs'), ANSWER);
  writeFileSync(join(dir, 'takehome.json'), JSON.stringify({ exercise: 'rag', ingest: 'true', answer: `"${process.execPath}" answer.cjs` }));
  return dir;
}

/** A report whose figures are the ones this pipeline earns: every question scores 1. */
const honestReport: RagReport = {
  ...KIT_EXAMPLE_RAG_REPORT,
  evaluation: {
    ...KIT_EXAMPLE_RAG_REPORT.evaluation,
    dev: { before: { overall: 0 }, after: { overall: 1, citationPrecision: 1 } },
    eval_sets: [{ file: 'evals/mine.jsonl', questions: 3, how_built: 'by hand', figures: { overall: 1, answerQuality: 1 } }],
  },
  estimate: { overall: 0.4, low: 0.3, high: 0.5, reason: 'hidden forms differ' },
  failure_modes: [{ category: 'multi-hop', title: 'one document only', examples: ['claim-window-01', 'mine-02'], action: 'none', remaining: 'all' }],
};

async function check(dir: string) {
  return runCheck({ kitDir: dir, models: await loadModelMap(), prices: await loadPriceTable(), perQuestionTimeoutMs: SAFETY_NET_MS, log: () => undefined });
}

describe('the kit check: report.json and the eval sets', () => {
  it('without report.json or evals: passes, and says how to start the report', async () => {
    const r = await check(miniKit());
    expect(r.metrics.overall?.value).toBe(1);
    expect(r.selfAssessment).toMatchObject({ reportPresent: false, reportValid: false, problems: [], evalSets: [], claims: [] });
    expect(checkExitCode(r)).toBe(0);
    expect(formatCheck(r, false)).toMatch(/report\.json: not written yet \(copy report\.example\.json/);
  });

  it('runs an eval set through the same scorer, validates a good report and reproduces its claims', async () => {
    const dir = miniKit();
    mkdirSync(join(dir, 'evals'));
    writeFileSync(join(dir, 'evals', 'mine.jsonl'), jsonl([refusable('mine-01'), answerable('mine-02', 'multi-hop'), answerable('mine-03')]));
    writeFileSync(join(dir, 'report.json'), JSON.stringify(honestReport, null, 2));
    const r = await check(dir);
    expect(r.selfAssessment.problems).toEqual([]);
    expect(r.selfAssessment.evalSets).toMatchObject([{ file: 'evals/mine.jsonl', questions: 3, answered: 3 }]);
    expect(r.selfAssessment.evalSets[0]?.metrics.overall.value).toBe(1);
    expect(r.selfAssessment.claims.map((c) => `${c.source} ${c.metric} ${c.outcome}`)).toEqual([
      'dev/questions.jsonl (after) overall reproduced',
      'dev/questions.jsonl (after) citationPrecision reproduced',
      'evals/mine.jsonl overall reproduced',
      'evals/mine.jsonl answerQuality reproduced',
    ]);
    // The dev metrics stay the dev set's: the eval questions are scored apart.
    expect(r.metrics.overall?.denominator).toBe(2);
    expect(r.questions).toBe(2);
    expect(r.perQuestion.map((q) => q.id)).toEqual(['claim-window-01', 'weather-01', 'evals/mine.jsonl#mine-01', 'evals/mine.jsonl#mine-02', 'evals/mine.jsonl#mine-03']);
    expect(checkExitCode(r)).toBe(0);
    const text = formatCheck(r, false);
    expect(text).toMatch(/evals\/mine\.jsonl\s+3 questions, 3 answered\s+overall 1\.000/);
    expect(text).toMatch(/report\.json: valid/);
  });

  it('a malformed report fails the check, naming the file and the field of each problem', async () => {
    const dir = miniKit();
    writeFileSync(join(dir, 'report.json'), JSON.stringify({ ...honestReport, estimate: { overall: 1.4, low: 0, high: 1, reason: 'r' }, chunking: { strategy: '' } }));
    const r = await check(dir);
    expect(r.selfAssessment.reportValid).toBe(false);
    expect(r.selfAssessment.problems.map((p) => `${p.file} ${p.where}`)).toEqual(
      expect.arrayContaining(['report.json field estimate.overall', 'report.json field chunking.strategy', 'report.json field chunking.reason']),
    );
    expect(checkExitCode(r)).toBe(1);
    expect(formatCheck(r, false)).toMatch(/report\.json: INVALID[\s\S]*- report\.json field estimate\.overall: must be in \[0, 1\]\n\s+fix: give a number of at most 1/);
  });

  it('a valid report that names an eval set that did not run, or an unknown example, fails with the field', async () => {
    const dir = miniKit();
    mkdirSync(join(dir, 'evals'));
    writeFileSync(join(dir, 'evals', 'mine.jsonl'), `${JSON.stringify(refusable('mine-01'))}\n{"id": "Bad Id"}\n`);
    writeFileSync(join(dir, 'report.json'), JSON.stringify(honestReport));
    const r = await check(dir);
    expect(r.selfAssessment.reportValid).toBe(true);
    expect(r.selfAssessment.problems.map((p) => `${p.file} ${p.where}`)).toEqual(
      expect.arrayContaining(['evals/mine.jsonl line 2, field id', 'report.json field evaluation.eval_sets[0].file', 'report.json field failure_modes[0].examples[1]']),
    );
    expect(r.selfAssessment.claims.find((c) => c.source === 'evals/mine.jsonl')?.outcome).toBe('not-run');
    expect(checkExitCode(r)).toBe(1);
  });
});

describe('readSelfAssessmentFiles', () => {
  it('reads no file through a link: a linked report.json and a linked evals folder are problems, not read', async () => {
    const dir = tempDir('takehome-rag-self-');
    const elsewhere = tempDir('takehome-rag-elsewhere-');
    writeFileSync(join(elsewhere, 'report.json'), JSON.stringify(honestReport));
    symlinkSync(join(elsewhere, 'report.json'), join(dir, 'report.json'));
    symlinkSync(elsewhere, join(dir, 'evals'));
    const files = await readSelfAssessmentFiles(dir);
    expect(files.report).toBeUndefined();
    expect(files.reportPresent).toBe(true);
    expect(files.reportProblems.map((p) => p.message)).toEqual(['report.json is a symbolic link']);
    expect(files.evalProblems.map((p) => p.message)).toEqual(['evals is a symbolic link']);
  });
});
