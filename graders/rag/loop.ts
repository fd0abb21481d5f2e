import type { QuestionUsage, RunUsage } from '../../harness/gateway';
import type { Metric } from '../../harness/scorecard';
import type { RandomStream } from '../../harness/secrets';
import { answerUsageMetrics, latencyMetrics, ragBreakdown, ragMetrics, refusalConfusion } from './aggregate';
import type { AnswerIntegrity } from './integrity';
import { askQuestion, type AskResult, type LineChannel } from './protocol';
import { scoreAnswer, type GoldQuestion, type QuestionScore } from './score';

/**
 * The one RAG question loop: ask, check integrity, score. The grader
 * (graders/rag/grade.ts, sandboxed, hidden questions) and the kit's `npm run
 * check` (exercises/rag/kit/check-run.ts, the candidate's machine, dev
 * questions) both run it, so a candidate's dev figures are computed exactly as
 * the interviewer's. It knows no seed, secret or question pool: the kit
 * bundles it.
 */

/** The gateway run as the loop sees it: who to charge, and what was charged. */
export interface QuestionMeter {
  setQuestion(id: string | null): void;
  usage(): Pick<RunUsage, 'perQuestion'>;
}

export interface AskedQuestion<Q extends GoldQuestion> {
  question: Q;
  asked: AskResult;
  score: QuestionScore;
  usage: QuestionUsage | undefined;
}

export interface QuestionLoopOptions<Q extends GoldQuestion> {
  questions: readonly Q[];
  /** The answer process; undefined when it never started (ingest failed): every question is an error then. */
  channel: LineChannel | undefined;
  /** Why there is no channel, as each question's error. */
  noChannelReason?: string;
  perQuestionTimeoutMs: number;
  meter: QuestionMeter;
  integrity: AnswerIntegrity;
  docText: ReadonlyMap<string, string>;
  k: number;
  onProgress?: (done: number, total: number) => void;
  /** Called once per question after scoring (the grader builds its evidence here): its time counts as harness overhead. */
  onAnswered?: (record: AskedQuestion<Q>) => void;
}

export interface QuestionLoopResult<Q extends GoldQuestion> {
  records: AskedQuestion<Q>[];
  scores: QuestionScore[];
  latencies: number[];
  /** The harness's own time per question after the answer arrived: bookkeeping, scoring, evidence. */
  overheads: number[];
}

export async function runQuestionLoop<Q extends GoldQuestion>(options: QuestionLoopOptions<Q>): Promise<QuestionLoopResult<Q>> {
  const { questions, channel, meter } = options;
  const result: QuestionLoopResult<Q> = { records: [], scores: [], latencies: [], overheads: [] };
  for (const question of questions) {
    options.onProgress?.(result.scores.length, questions.length);
    meter.setQuestion(question.id);
    const asked: AskResult = channel
      ? await askQuestion(channel, question, options.perQuestionTimeoutMs)
      : { answer: { status: 'error', answer: '', citations: [], refused: false, error: options.noChannelReason ?? 'ingest failed' }, latencyMs: 0, skipped: [] };
    const afterAnswer = performance.now();
    meter.setQuestion(null);
    const usage = meter.usage().perQuestion[question.id];
    const score = options.integrity.check(question.id, asked.answer, scoreAnswer(question, asked.answer, { k: options.k, docText: options.docText }), usage?.requests ?? 0);
    const record = { question, asked, score, usage };
    result.records.push(record);
    result.scores.push(score);
    result.latencies.push(asked.latencyMs);
    options.onAnswered?.(record);
    result.overheads.push(performance.now() - afterAnswer);
  }
  options.onProgress?.(result.scores.length, questions.length);
  return result;
}

export interface RagSummary {
  metrics: Record<string, Metric>;
  breakdown: Record<string, Record<string, Metric>>;
  confusion: ReturnType<typeof refusalConfusion>;
}

/** Metrics, per-category breakdown and refusal confusion of a loop's scores: the grader and the kit check report alike. */
export function summariseRag(
  loop: Pick<QuestionLoopResult<GoldQuestion>, 'scores' | 'latencies'>,
  usage: RunUsage,
  options: { k: number; stream: RandomStream; questions: number; backend: string },
): RagSummary {
  return {
    metrics: {
      ...ragMetrics(loop.scores, { k: options.k, stream: options.stream, backend: options.backend }),
      ...latencyMetrics(loop.latencies),
      // Gateway tokens and cost while answering, ingest excluded.
      ...answerUsageMetrics(usage, options.questions),
    },
    breakdown: ragBreakdown(loop.scores, { k: options.k, stream: options.stream.fork('breakdown'), backend: options.backend }),
    confusion: refusalConfusion(loop.scores),
  };
}
