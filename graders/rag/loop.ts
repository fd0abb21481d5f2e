import type { QuestionUsage, RunUsage } from '../../harness/gateway';
import type { Metric } from '../../harness/scorecard';
import type { RandomStream } from '../../harness/secrets';
import { answerUsageMetrics, latencyMetrics, ragBreakdown, ragMetrics, refusalConfusion } from './aggregate';
import type { AnswerIntegrity } from './integrity';
import { askQuestion, awaitStartup, WARMUP_PREFIX, type AskResult, type LineChannel } from './protocol';
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

/** The answer process as the loop drives it: its current channel, and a way to start it again. */
export interface AnswerProcess {
  /** The channel of the process now running (a fresh one after each restart). */
  channel(): LineChannel;
  /** Kill the process now running (its whole tree) and start the answer command again, without ingest. */
  restart(): Promise<void>;
}

/** Limits of the answer phase. Every one ends a hang in bounded time; none depends on the pipeline's cooperation. */
export interface AnswerLimits {
  perQuestionTimeoutMs: number;
  /**
   * The first start-up: from the start to the warm-up's answer. Never charged to a question. A
   * restart's start-up gets three times the first one's time, between one question limit and this.
   */
  startupTimeoutMs: number;
  /** The whole answer phase after the first start-up: questions, restarts and their start-ups. */
  answerPhaseMs: number;
  /** Stop asking after this many questions in a row failed by timeout or a dead process. */
  maxConsecutiveFailures: number;
  /** Stop asking once this many restarts were needed. */
  maxRestarts: number;
}

/**
 * Defaults from the per-question limit: start-up gets 6 question limits (2 min at 20 s: module
 * loading, an index opened, on a busy machine), the whole phase one limit per two questions (at least
 * three), three failures in a row or five restarts end it. A pipeline that hangs every few questions
 * then costs at most five question limits plus five start-ups, not one limit per remaining question.
 */
export function defaultAnswerLimits(perQuestionTimeoutMs: number, questions: number): AnswerLimits {
  return {
    perQuestionTimeoutMs,
    startupTimeoutMs: 6 * perQuestionTimeoutMs,
    answerPhaseMs: perQuestionTimeoutMs * Math.max(3, Math.ceil(questions / 2)),
    maxConsecutiveFailures: 3,
    maxRestarts: 5,
  };
}

/** Upper bound of the answer phase's wall time under `limits`: for the sandbox's own wall clock. */
export function answerPhaseBoundMs(limits: AnswerLimits): number {
  return limits.startupTimeoutMs + limits.answerPhaseMs + limits.startupTimeoutMs;
}

/** What happened to the answer process: every start, timeout, crash and restart, for the scorecard. */
export interface AnswerProcessEvent {
  kind: 'startup' | 'startup-failed' | 'timeout' | 'closed' | 'restart' | 'restart-failed' | 'cut-off';
  /** Milliseconds since the loop began. */
  atMs: number;
  /** The question it happened on, if any. */
  questionId?: string;
  detail?: string;
}

export interface AnswerProcessReport {
  /** Processes started: the first plus each restart. */
  starts: number;
  restarts: number;
  timeouts: number;
  /** The first start-up (warm-up answered), apart from every question. */
  startupMs: number | null;
  /** When the first process printed the optional ready line. */
  readyMs: number | null;
  /** Each start-up's time, in order (restarts included). */
  startups: { ms: number; ok: boolean; readyMs?: number }[];
  events: AnswerProcessEvent[];
  /** Why the loop stopped asking before the last question, if it did. */
  cutOff: string | null;
  /** Questions never asked because of the cut-off. */
  notAsked: number;
}

export interface QuestionLoopOptions<Q extends GoldQuestion> {
  questions: readonly Q[];
  /** The answer process; undefined when it never started (ingest failed): every question is an error then. */
  process: AnswerProcess | undefined;
  /** Why there is no process, as each question's error. */
  noChannelReason?: string;
  limits: AnswerLimits;
  meter: QuestionMeter;
  integrity: AnswerIntegrity;
  docText: ReadonlyMap<string, string>;
  k: number;
  onProgress?: (done: number, total: number) => void;
  /** Called once per question after scoring (the grader builds its evidence here): its time counts as harness overhead. */
  onAnswered?: (record: AskedQuestion<Q>) => void;
  /** Called on each start, timeout, crash, restart and cut-off (the grader logs them). */
  onEvent?: (event: AnswerProcessEvent) => void;
  now?: () => number;
}

export interface QuestionLoopResult<Q extends GoldQuestion> {
  records: AskedQuestion<Q>[];
  scores: QuestionScore[];
  latencies: number[];
  /** The harness's own time per question after the answer arrived: bookkeeping, scoring, evidence. */
  overheads: number[];
  process: AnswerProcessReport;
}

function notAsked(error: string): AskResult {
  return { answer: { status: 'error', answer: '', citations: [], refused: false, error }, latencyMs: 0, skipped: [], outcome: 'closed' };
}

export async function runQuestionLoop<Q extends GoldQuestion>(options: QuestionLoopOptions<Q>): Promise<QuestionLoopResult<Q>> {
  const { questions, meter, limits } = options;
  const now = options.now ?? (() => performance.now());
  const begin = now();
  const report: AnswerProcessReport = { starts: 0, restarts: 0, timeouts: 0, startupMs: null, readyMs: null, startups: [], events: [], cutOff: null, notAsked: 0 };
  const result: QuestionLoopResult<Q> = { records: [], scores: [], latencies: [], overheads: [], process: report };
  const event = (e: Omit<AnswerProcessEvent, 'atMs'>) => {
    const full = { ...e, atMs: Math.round(now() - begin) };
    report.events.push(full);
    options.onEvent?.(full);
  };
  const proc = options.process;
  let deadline = Number.POSITIVE_INFINITY;

  /** Start-up apart from the questions: the warm-up's answer, within its own limit; usage goes to no question. */
  const startUp = async (): Promise<boolean> => {
    report.starts += 1;
    meter.setQuestion(null);
    // A restart loads what the first start loaded: it gets three times the first start-up's
    // time (at least one question limit, at most the start-up limit), so a process that
    // never answers again costs little.
    const own = report.starts > 1 && report.startupMs !== null ? Math.min(limits.startupTimeoutMs, Math.max(limits.perQuestionTimeoutMs, 3 * report.startupMs)) : limits.startupTimeoutMs;
    const limit = Math.min(own, Math.max(1, deadline - now()));
    const s = await awaitStartup(proc!.channel(), `${WARMUP_PREFIX}-${report.starts}`, limit, now);
    report.startups.push({ ms: Math.round(s.ms), ok: s.ok, ...(s.readyMs === undefined ? {} : { readyMs: Math.round(s.readyMs) }) });
    if (report.starts === 1) {
      report.startupMs = s.ok ? Math.round(s.ms) : null;
      report.readyMs = s.readyMs === undefined ? null : Math.round(s.readyMs);
    }
    event(s.ok ? { kind: 'startup', detail: `warm-up answered in ${Math.round(s.ms)} ms` } : { kind: 'startup-failed', detail: s.error });
    return s.ok;
  };

  /** Kill and start again; false when it cannot (limits spent, restart failed, start-up failed). */
  let consecutive = 0;
  let cutOff: string | null = null;
  const restart = async (questionId: string | undefined): Promise<void> => {
    for (;;) {
      if (consecutive >= limits.maxConsecutiveFailures) {
        cutOff = `the answer process failed ${consecutive} time(s) in a row (timeouts, crashes or failed start-ups)`;
        return;
      }
      if (report.restarts >= limits.maxRestarts) {
        cutOff = `the answer process needed ${report.restarts} restarts, the limit`;
        return;
      }
      if (now() >= deadline) {
        cutOff = `the answer phase passed its ${limits.answerPhaseMs} ms limit`;
        return;
      }
      report.restarts += 1;
      event({ kind: 'restart', ...(questionId ? { questionId } : {}) });
      let timer: NodeJS.Timeout | undefined;
      const restarted: true | string = await Promise.race([
        proc!.restart().then(
          (): true => true,
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        ),
        new Promise<string>((r) => (timer = setTimeout(() => r(`no new process within ${limits.startupTimeoutMs} ms`), limits.startupTimeoutMs))),
      ]);
      clearTimeout(timer);
      if (typeof restarted === 'string') {
        event({ kind: 'restart-failed', detail: restarted });
        cutOff = `the answer process could not be restarted: ${restarted}`;
        return;
      }
      if (await startUp()) return;
      consecutive += 1;
    }
  };

  if (proc) {
    if (!(await startUp())) {
      consecutive = 1;
      deadline = now() + limits.answerPhaseMs;
      await restart(undefined);
    }
    deadline = Math.min(deadline, now() + limits.answerPhaseMs);
  }

  for (const question of questions) {
    options.onProgress?.(result.scores.length, questions.length);
    if (!cutOff && proc && now() >= deadline) cutOff = `the answer phase passed its ${limits.answerPhaseMs} ms limit`;
    if (cutOff && report.notAsked === 0) event({ kind: 'cut-off', questionId: question.id, detail: cutOff });
    meter.setQuestion(question.id);
    let asked: AskResult;
    if (!proc) asked = notAsked(options.noChannelReason ?? 'ingest failed');
    else if (cutOff) {
      report.notAsked += 1;
      asked = notAsked(`not asked: ${cutOff}`);
    } else asked = await askQuestion(proc.channel(), question, Math.max(1, Math.min(limits.perQuestionTimeoutMs, deadline - now())), now);
    const afterAnswer = now();
    meter.setQuestion(null);
    const usage = meter.usage().perQuestion[question.id];
    const score = options.integrity.check(question.id, asked.answer, scoreAnswer(question, asked.answer, { k: options.k, docText: options.docText }), usage?.requests ?? 0);
    const record = { question, asked, score, usage };
    result.records.push(record);
    result.scores.push(score);
    result.latencies.push(asked.latencyMs);
    options.onAnswered?.(record);
    result.overheads.push(now() - afterAnswer);
    if (proc && !cutOff) {
      if (asked.outcome === 'timeout' || asked.outcome === 'closed') {
        if (asked.outcome === 'timeout') report.timeouts += 1;
        consecutive += 1;
        event({ kind: asked.outcome, questionId: question.id, detail: asked.answer.error });
        // A hang or a crash costs this question, not the rest: start again (no ingest).
        await restart(question.id);
      } else consecutive = 0;
    }
  }
  report.cutOff = cutOff;
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
