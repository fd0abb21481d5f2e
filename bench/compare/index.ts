import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildComparison, comparisonCsv, comparisonJson, loadResults, renderComparisonHtml, renderComparisonTerminal, scorecardsByName } from '../../harness/compare';
import { makeScorecard } from '../../harness/compare/test-helpers';
import { stableStringify } from '../../harness/scorecard';
import { RandomStream } from '../../harness/secrets';
import type { BenchContext, BenchReport } from '../types';

/**
 * `takehome compare` over 500 synthetic, schema-valid RAG scorecards (160
 * questions each with answer text, citations and a per-question score, a
 * rubric section with two automatic and two manual criteria reviewed by three
 * interviewers, four variants): read and validate every scorecard, build the
 * comparison (ranking, paired and independent bootstraps, agreement), render
 * the terminal table, JSON, CSV and the HTML page. Goals (issue 13): under 5 s,
 * HTML under 5 MB. Code similarity is not in it (it needs submission folders).
 */
const CANDIDATES = Number(process.env.BENCH_COMPARE_CANDIDATES ?? 500);
const QUESTIONS = 160;
/** Characters of answer text per question: about the size of the demo's RAG scorecards (~0.3-0.5 MB each). */
const ANSWER_CHARS = Number(process.env.BENCH_COMPARE_ANSWER_CHARS ?? 1500);
const VARIANTS = ['variant000001', 'variant000002', 'variant000003', 'variant000004'];
const INTERVIEWERS = ['Ines', 'Omar', 'Pia'];

function synthetic(i: number, r: RandomStream) {
  const skill = r.next();
  const level = (shift: number) => Math.max(1, Math.min(4, Math.round(1 + 3 * skill + shift)));
  const value = 0.2 + 0.5 * skill;
  const review = () => Object.fromEntries(INTERVIEWERS.filter(() => r.next() < 0.7).map((name) => [name, level(r.normal(0, 0.6))]));
  return makeScorecard({
    candidate: `cand-${String(i).padStart(3, '0')}`,
    variant: VARIANTS[i % VARIANTS.length],
    itemScores: Array.from({ length: QUESTIONS }, () => (r.next() < skill ? 1 : r.next() * 0.5)),
    headline: { metric: 'overall', value, low: value - 0.06, high: value + 0.06 },
    breakdown: { 'single-fact': value, 'multi-hop': value * 0.8, 'table-lookup': value * 0.9, 'unanswerable-on-topic': 1 - value / 2 },
    rubric: {
      auto: { retrieval: { level: level(0), low: level(-0.5), high: level(0.5) }, correctness: { level: level(-0.3) } },
      reviews: { 'write-up': review(), evaluation: review() },
      reference: 0.5 + 0.05 * (i % VARIANTS.length),
    },
    flags: r.next() < 0.05 ? [{ code: 'number-spray', severity: 'warning', message: 'answers hold required values only inside long lists' }] : [],
    answerChars: ANSWER_CHARS,
  });
}

export async function run(ctx: BenchContext): Promise<BenchReport> {
  const dir = await mkdtemp(join(tmpdir(), 'takehome-bench-compare-'));
  try {
    const r = new RandomStream(Buffer.from('bench-compare'), 'scorecards');
    let bytes = 0;
    for (let i = 0; i < CANDIDATES; i++) {
      const text = `${stableStringify(synthetic(i, r))}\n`;
      bytes += text.length;
      const folder = join(dir, 'results', 'rag', `cand-${String(i).padStart(3, '0')}`);
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, 'scorecard.json'), text);
    }
    ctx.log(`wrote ${CANDIDATES} scorecards (${(bytes / 1e6).toFixed(1)} MB) under ${dir}`);
    const out = join(dir, 'compare.html');
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const loaded = await loadResults([join(dir, 'results', 'rag')], 'rag');
    const t1 = performance.now();
    const cmp = buildComparison(loaded.inputs, { exercise: 'rag', headlineMetric: 'overall' });
    const t2 = performance.now();
    const terminal = renderComparisonTerminal(cmp, { colour: false });
    const json = comparisonJson(cmp);
    const csv = comparisonCsv(cmp);
    const t3 = performance.now();
    const html = await renderComparisonHtml(cmp, scorecardsByName(loaded.inputs), out);
    await writeFile(out, html);
    const t4 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const htmlBytes = (await stat(out)).size;
    const total = (t4 - t0) / 1000;
    const basis: Record<string, number> = {};
    for (const p of cmp.pairs) basis[p.basis] = (basis[p.basis] ?? 0) + 1;
    return {
      metrics: [
        { name: `compare ${CANDIDATES} scorecards: total`, value: total, unit: 's', goal: '< 5 s', pass: total < 5 },
        { name: 'CPU time of the same (user + system)', value: (cpu.user + cpu.system) / 1e6, unit: 's', goal: '< 5 s', pass: (cpu.user + cpu.system) / 1e6 < 5 },
        { name: 'read and validate the scorecards', value: (t1 - t0) / 1000, unit: 's' },
        { name: 'build (ranking, pairs, agreement)', value: (t2 - t1) / 1000, unit: 's' },
        { name: 'terminal table, JSON, CSV', value: (t3 - t2) / 1000, unit: 's' },
        { name: 'HTML page with charts', value: (t4 - t3) / 1000, unit: 's' },
        { name: 'HTML size', value: htmlBytes / 1e6, unit: 'MB', goal: '< 5 MB', pass: htmlBytes < 5e6 },
        { name: 'scorecards read', value: bytes / 1e6, unit: 'MB' },
        { name: 'pairs compared', value: cmp.pairs.length, unit: 'pairs' },
      ],
      notes: [
        `${CANDIDATES} RAG scorecards of ${QUESTIONS} questions, ${VARIANTS.length} variants, ${INTERVIEWERS.length} interviewers; pairs by basis: ${JSON.stringify(basis)}`,
        `outputs: terminal ${terminal.length} chars, JSON ${(json.length / 1e6).toFixed(2)} MB, CSV ${(csv.length / 1e3).toFixed(0)} kB`,
        'in-process (the CLI adds loading the exercise table); code similarity not included (no submission folders)',
        "wall time depends on the machine's load (shared machines: see the load average); CPU time much less so",
      ],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
