import { z } from 'zod';
import type { Counts, Flag, Metric, Scorecard, ScorecardItem } from '../../../harness/scorecard';
import type { RandomStream } from '../../../harness/secrets';
import { bootstrapMeanInterval } from '../../../harness/stats';
import type { GoldQuestion } from '../score';
import { detectJudgeInjection, type InjectionFinding } from './detect';
import { PROMPT_HASH, VERDICT_SCHEMA_VERSION, type JudgeInput } from './prompt';
import { DEFAULT_THRESHOLD, runJudge, type JudgeSpend, type ItemJudgement, type JudgeRunOptions, type JudgeTask } from './run';

export interface JudgeScorecardOptions extends JudgeRunOptions {
  /** Draws of the bootstrap intervals. */
  stream: RandomStream;
  /** Whether a sentence is in the corpus verbatim (quoting a planted injection is not an attempt on the judge). */
  inCorpus?: ((sentence: string) => boolean) | undefined;
}

const evidenceSchema = z.object({
  answer: z.string().default(''),
  citations: z.array(z.object({ doc_id: z.string(), quote: z.string().default('') })).default([]),
  refused: z.boolean().default(false),
});

interface Row {
  item: ScorecardItem;
  gold: GoldQuestion | undefined;
  findings: InjectionFinding[];
  /** Why the item was not sent to the judge, when it was not. */
  skipped?: string;
  judgement?: ItemJudgement;
}

function judgeInputOf(gold: GoldQuestion, evidence: z.infer<typeof evidenceSchema>): JudgeInput {
  return {
    question: gold.question,
    referenceAnswer: gold.referenceAnswer,
    requiredFacts: gold.requiredFacts.map((f) => f.value),
    answer: evidence.answer,
    citations: evidence.citations,
  };
}

function meanMetric(values: readonly number[], counts: Counts, stream: RandomStream, description: string): Metric {
  const numerator = values.reduce((a, b) => a + b, 0);
  const interval = bootstrapMeanInterval(values, stream);
  return { value: values.length ? numerator / values.length : null, numerator, denominator: values.length, counts, direction: 'higher', description, ...(interval ? { interval } : {}) };
}

/**
 * Add the LLM judge's verdicts to a graded RAG scorecard: per answerable
 * question a correctness and a faithfulness verdict (median of N samples, an
 * "unstable" mark when they straddle the pass mark), judge metrics with
 * bootstrap intervals, and an injection-attempt flag for answers that talk to
 * the judge. Errored, timed-out and refused answers score 0 without a call;
 * a judge error scores 0 and is counted. Returns a new scorecard.
 */
export async function judgeScorecard(scorecard: Scorecard, questions: readonly GoldQuestion[], options: JudgeScorecardOptions): Promise<Scorecard> {
  const golds = new Map(questions.map((q) => [q.id, q]));
  const rows: Row[] = scorecard.items.map((item) => {
    const gold = item.kind === 'question' ? golds.get(item.id) : undefined;
    if (!gold) return { item, gold, findings: [] };
    const evidence = evidenceSchema.parse(item.evidence);
    const findings = item.status === 'ok' ? detectJudgeInjection([evidence.answer, ...evidence.citations.map((c) => c.quote)], options.inCorpus) : [];
    if (gold.expected !== 'answer') return { item, gold, findings, skipped: 'not applicable: the question should be refused' };
    if (item.status !== 'ok') return { item, gold, findings, skipped: `no answer (${item.status})` };
    if (evidence.refused) return { item, gold, findings, skipped: 'refused an answerable question' };
    // The grader already failed it (a replayed dev answer, text aimed at a grader): 0 without a paid call.
    if (item.verdicts.integrity?.pass === false) return { item, gold, findings, skipped: `failed the integrity check (${item.verdicts.integrity.reason})` };
    return { item, gold, findings };
  });
  const tasks: JudgeTask[] = rows.filter((r) => r.gold && !r.skipped).map((r) => ({ id: r.item.id, input: judgeInputOf(r.gold!, evidenceSchema.parse(r.item.evidence)) }));
  let spend: JudgeSpend | undefined;
  const judgements = new Map(
    (
      await runJudge(tasks, {
        ...options,
        onSpend: (s) => {
          spend = s;
        },
      })
    ).map((j) => [j.id, j]),
  );
  for (const row of rows) row.judgement = judgements.get(row.item.id);

  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const items = rows.map(({ item, gold, findings, skipped, judgement }): ScorecardItem => {
    if (!gold) return item;
    const verdicts = { ...item.verdicts };
    if (judgement) {
      verdicts.judgeCorrectness = { pass: judgement.pass, score: judgement.correctness, reason: judgement.reason };
      verdicts.judgeFaithfulness = {
        pass: judgement.status === 'judged' ? judgement.faithfulness >= threshold : false,
        score: judgement.faithfulness,
        reason:
          judgement.status === 'judged'
            ? `faithfulness ${judgement.faithfulness * 4}/4 (samples ${judgement.samples.map((s) => (s.faithfulness === null ? 'error' : s.faithfulness * 4)).join(', ')})`
            : judgement.reason,
      };
    } else if (gold.expected === 'answer') {
      verdicts.judgeCorrectness = { pass: false, score: 0, reason: `not judged: ${skipped}` };
      verdicts.judgeFaithfulness = { pass: false, score: 0, reason: `not judged: ${skipped}` };
    }
    if (item.status === 'ok') {
      verdicts.judgeGuard = findings.length
        ? { pass: false, score: 0, reason: `text aimed at the judge: ${findings.map((f) => `${f.rule} ("${f.excerpt.slice(0, 80)}")`).join('; ')}` }
        : { pass: true, score: 1, reason: 'no text aimed at the judge' };
    }
    const judgeEvidence = {
      ...(judgement ? { key: judgement.key, source: judgement.source, status: judgement.status, unstable: judgement.unstable, samples: judgement.samples } : { skipped: skipped ?? null }),
      ...(findings.length ? { injection: findings } : {}),
    };
    return { ...item, verdicts, evidence: { ...item.evidence, judge: judgeEvidence } };
  });

  const answerable = rows.filter((r) => r.gold?.expected === 'answer');
  const judged = answerable.filter((r) => r.judgement?.status === 'judged');
  const judgeErrors = answerable.filter((r) => r.judgement?.status === 'error');
  const unstable = answerable.filter((r) => r.judgement?.unstable);
  const counts: Counts = {
    asked: answerable.length,
    answered: judged.length,
    errored: judgeErrors.length + answerable.filter((r) => r.item.status === 'error').length,
    timedOut: answerable.filter((r) => r.item.status === 'timeout').length,
  };
  const s = (name: string) => options.stream.fork(name);
  const sampleErrors = answerable.reduce((n, r) => n + (r.judgement?.sampleErrors ?? 0), 0);
  const samplesAsked = answerable.reduce((n, r) => n + (r.judgement?.samples.length ?? 0), 0);
  const metrics: Record<string, Metric> = {
    judgeCorrectness: meanMetric(
      answerable.map((r) => (r.judgement?.status === 'judged' ? r.judgement.correctness : 0)),
      counts,
      s('judge.correctness'),
      `LLM judge (${options.settings.model}): median correctness of ${options.settings.samples} sample(s) on 0-4, as 0..1, over answerable questions; errors, timeouts, refusals and judge errors count 0`,
    ),
    judgeFaithfulness: meanMetric(
      answerable.map((r) => (r.judgement?.status === 'judged' ? r.judgement.faithfulness : 0)),
      counts,
      s('judge.faithfulness'),
      `LLM judge (${options.settings.model}): median faithfulness of the answer to its quoted context, 0..1; errors, refusals and judge errors count 0`,
    ),
    judgeJudged: { value: judged.length, denominator: answerable.length, direction: 'none', description: 'answerable questions with at least one valid judge verdict' },
    judgeErrors: { value: judgeErrors.length, denominator: tasks.length, direction: 'lower', description: 'judged questions whose samples gave no valid verdict at all (scored 0, never dropped)' },
    judgeSampleErrors: {
      value: sampleErrors,
      denominator: samplesAsked,
      direction: 'lower',
      description: 'judge samples without a valid verdict (no schema-valid JSON object in the reply, or a failed request); each counts 0 in its median',
    },
    judgeUnstable: { value: unstable.length, denominator: tasks.length, direction: 'lower', description: `judged questions whose samples straddle the pass mark ${threshold * 4}/4` },
  };

  const flags: Flag[] = [...scorecard.flags];
  const attempts = rows.filter((r) => r.findings.length > 0);
  // The grader's integrity check (graders/rag/integrity.ts) flags the same
  // answers with the same detector before the judge runs: one flag, not two.
  if (attempts.length && !flags.some((f) => f.code === 'injection-attempt')) {
    const first = attempts[0]!;
    flags.push({
      code: 'injection-attempt',
      severity: 'critical',
      message: `${attempts.length} answer(s) hold text aimed at the LLM judge, first ${first.item.id}: ${first.findings[0]!.rule} ("${first.findings[0]!.excerpt.slice(0, 60)}")`,
      evidence: { items: attempts.slice(0, 50).map((r) => ({ id: r.item.id, findings: r.findings })) },
    });
  }

  const judgeCheck: ScorecardItem = {
    id: 'llm-judge',
    kind: 'check',
    status: 'ok',
    verdicts: {},
    evidence: {
      mode: options.source.kind === 'replay' ? 'replay' : 'upstream',
      model: options.settings.model,
      temperature: options.settings.temperature,
      samples: options.settings.samples,
      passMark: threshold,
      verdictSchema: VERDICT_SCHEMA_VERSION,
      promptHash: PROMPT_HASH,
      requests: [...judgements.values()].filter((j) => j.source === 'request').length * options.settings.samples,
      fromCache: [...judgements.values()].filter((j) => j.source === 'cache').length,
      fromRecord: [...judgements.values()].filter((j) => j.source === 'record').length,
      // Bounds on what a candidate's answers can cost: each answer cut (prompt.ts JUDGE_MAX_*), and a token budget per grade.
      ...(spend ? { budgetTokens: spend.budgetTokens, spentTokens: spend.spentTokens, notJudgedOverBudget: spend.notJudged } : {}),
    },
  };
  if (spend?.notJudged)
    flags.push({
      code: 'budget-exhausted',
      severity: 'warning',
      message: `the LLM judge's budget of ${spend.budgetTokens} tokens ran out: ${spend.notJudged} answer(s) not judged (judge errors, scored 0)`,
      evidence: { ...spend },
    });
  return { ...scorecard, metrics: { ...scorecard.metrics, ...metrics }, items: [...items, judgeCheck], flags };
}
