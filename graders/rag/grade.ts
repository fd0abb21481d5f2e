import { join, resolve } from 'node:path';
import { buildQuestionPool, renderCorpus, splitQuestions, writeCorpus, type RagQuestion } from '../../corpora';
import { GradingError, InvalidSubmissionError } from '../../harness/errors';
import { startGateway, type Budget, type RunUsage } from '../../harness/gateway';
import { HARNESS_ROOT, makeScratchDir, removeTree, spawnSandboxed, type SandboxedProcess, type SandboxResult } from '../../harness/sandbox';
import { SCORECARD_SCHEMA, type Flag, type Scorecard, type ScorecardItem } from '../../harness/scorecard';
import { createStream, deriveCandidateSeed } from '../../harness/secrets';
import { readManifest } from '../../harness/submission';
import { sourceScanItem } from '../../harness/submission/scan';
import { RAG_MANIFEST } from './manifest';
import { HARNESS_VERSION } from '../../harness/version';
import { latencyMetrics } from './aggregate';
import { AnswerIntegrity, corpusMembership, integrityEvidence, integrityFlags, scanSubmissionSource } from './integrity';
import { answerPatternFlags } from './patterns';
import { answerPhaseBoundMs, defaultAnswerLimits, runQuestionLoop, summariseRag, type AnswerLimits, type AnswerProcessReport } from './loop';
import { lineChannel } from './protocol';
import type { QuestionScore } from './score';
import { readSelfAssessmentFiles } from './self-assessment-files';
import { selfAssessmentQuestions, selfAssessmentResult } from './self-assessment-grade';

export interface GradeRagOptions {
  submissionDir: string;
  secret: string;
  candidate: string;
  /** Which questions: the candidate's hidden set (grading) or the public dev set (the kit's check). */
  split?: 'hidden' | 'dev';
  /** Ask only the first N questions (demo, quick checks). */
  limit?: number;
  perQuestionTimeoutMs?: number;
  ingestTimeoutMs?: number;
  /** Each start-up of the answer process (first and after a restart), apart from every question. */
  startupTimeoutMs?: number;
  /** The whole answer phase after the first start-up (questions, restarts, their start-ups). */
  answerPhaseMs?: number;
  /** Stop asking after this many timeouts or crashes in a row (default 3). */
  maxConsecutiveFailures?: number;
  /** Stop asking once this many restarts were needed (default 5). */
  maxRestarts?: number;
  /** The gateway budget of the whole run, ingest included (default DEFAULT_RAG_BUDGET). */
  budget?: Budget;
  sandboxMode?: 'auto' | 'isolated' | 'degraded';
  /** Host paths the candidate must not see (other candidates' results, the secret file's folder). */
  hidePaths?: string[];
  k?: number;
  log?: (line: string) => void;
  /** Called after each question: the CLI draws a progress bar with it on a TTY. */
  onProgress?: (done: number, total: number) => void;
  /** Starts a long step (ingest): the CLI shows its time on a TTY. */
  step?: (label: string) => { update(done: number, total: number): void; stop(): void };
}

const INGEST_DONE = '{"takehome":"ingest-done"}';

/**
 * The gateway budget of one grading run, ingest included, recorded in the
 * scorecard: about 85 times the tokens and 65 times the calls the reference
 * pipeline uses on a 160-question hidden set offline (236k tokens, 308 calls),
 * so an honest pipeline that makes several model calls per question never meets
 * it, while a runaway or hostile one stops at a known cost (about $3 at
 * gpt-4o-mini's list price). Calls past it get a 429 and count as refused.
 */
export const DEFAULT_RAG_BUDGET = { tokens: 20_000_000, requests: 20_000 } as const;

/** Top-level names of a submission not copied into the sandbox (so not scanned either): the shared packages are mounted. */
const COPY_EXCLUDE = ['node_modules', '.git', '.index'] as const;

/** Thrown inside the grade's try when there is nothing to run (the sandbox refused the submission). */
class SkipRun extends Error {}

/**
 * The default time limits (ingest, then each question), multiplied by
 * TAKEHOME_TEST_TIME_SCALE (a number >= 1) where set: the test suite sets it
 * for the CLI runs it starts, so a busy machine never turns into a timed-out
 * question. Options passed explicitly are used as they are. Not for real grading.
 */
function defaultRagLimits(env: NodeJS.ProcessEnv = process.env): { ingestTimeoutMs: number; perQuestionTimeoutMs: number } {
  const scale = Number(env.TAKEHOME_TEST_TIME_SCALE ?? 1);
  const k = Number.isFinite(scale) && scale >= 1 ? scale : 1;
  return { ingestTimeoutMs: 300_000 * k, perQuestionTimeoutMs: 20_000 * k };
}

function usageSummary(u: RunUsage): NonNullable<Scorecard['usage']> {
  return {
    requests: u.requests,
    promptTokens: u.promptTokens,
    completionTokens: u.completionTokens,
    costUsd: u.costUsd,
    rejected: u.rejected,
    budget: { tokens: u.budget.tokens, costUsd: u.budget.costUsd, requests: u.budget.requests },
    backend: 'offline',
  };
}

/**
 * Grade a RAG submission: render the candidate's corpus from the seed, run
 * ingest then answer in the sandbox through a fresh metered gateway, ask each
 * question with a timeout, and score the structured answers.
 */
export async function gradeRag(options: GradeRagOptions): Promise<Scorecard> {
  const log = options.log ?? (() => undefined);
  const k = options.k ?? 5;
  const submissionDir = resolve(options.submissionDir);
  const seed = deriveCandidateSeed(options.secret, 'rag', options.candidate);
  const manifest = await readManifest(submissionDir, RAG_MANIFEST);
  if (!manifest) throw new GradingError('not a RAG submission');

  const corpus = renderCorpus(seed);
  const split = splitQuestions(seed, buildQuestionPool(seed));
  const all = options.split === 'dev' ? split.dev : split.hidden;
  const questions: RagQuestion[] = options.limit ? all.slice(0, options.limit) : all;
  const docText = new Map(corpus.docs.map((d) => [d.id, d.markdown]));
  const scan = await scanSubmissionSource(submissionDir, { devQuestions: split.dev.map((q) => q.question), exclude: COPY_EXCLUDE });
  const inCorpus = corpusMembership(corpus.docs.map((d) => d.markdown));
  const integrity = new AnswerIntegrity(inCorpus, options.split === 'dev' ? [] : split.dev.filter((q) => q.expected === 'answer').map((q) => ({ id: q.id, answer: q.referenceAnswer })));
  // The self-assessment (report.json, evals/*.jsonl): read before anything runs, never a reason to refuse the grade.
  const selfFiles = await readSelfAssessmentFiles(submissionDir);
  const selfQuestions = selfAssessmentQuestions(selfFiles, split.dev, options.split === 'dev');

  const defaults = defaultRagLimits();
  const ingestTimeoutMs = options.ingestTimeoutMs ?? defaults.ingestTimeoutMs;
  const perQuestionTimeoutMs = options.perQuestionTimeoutMs ?? defaults.perQuestionTimeoutMs;
  const answerDefaults = defaultAnswerLimits(perQuestionTimeoutMs, questions.length);
  const limits: AnswerLimits = {
    perQuestionTimeoutMs,
    startupTimeoutMs: options.startupTimeoutMs ?? answerDefaults.startupTimeoutMs,
    answerPhaseMs: options.answerPhaseMs ?? answerDefaults.answerPhaseMs,
    maxConsecutiveFailures: options.maxConsecutiveFailures ?? answerDefaults.maxConsecutiveFailures,
    maxRestarts: options.maxRestarts ?? answerDefaults.maxRestarts,
  };
  // The same limits, with a phase time for its own number of questions.
  const selfLimits: AnswerLimits = { ...limits, answerPhaseMs: defaultAnswerLimits(perQuestionTimeoutMs, selfQuestions.length).answerPhaseMs };

  // Owned by this process: swept by a later grade if this one is killed.
  const scratch = await makeScratchDir('rag');
  const corpusDir = join(scratch, 'corpus');
  const socketPath = join(scratch, 'gateway.sock');
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  try {
    await writeCorpus(corpusDir, corpus);
    gateway = await startGateway({ backend: 'offline', listen: { socketPath }, tracePath: join(scratch, 'trace.jsonl') });
  } catch (error) {
    await removeTree(scratch);
    throw error;
  }
  const run = gateway.createRun({ label: `rag/${options.candidate}`, budget: options.budget ?? DEFAULT_RAG_BUDGET });
  const flags: Flag[] = [];
  const scores: QuestionScore[] = [];
  const latencies: number[] = [];
  /** The harness's own time per question after the answer arrived: bookkeeping, scoring, evidence. */
  const overheads: number[] = [];
  let ingestMs = 0;
  const items: ScorecardItem[] = [];
  let result: SandboxResult | undefined;
  let proc: SandboxedProcess | undefined;
  let answerProcess: AnswerProcessReport | undefined;
  const problems: string[] = [];
  let invalid: string | undefined;
  let hiddenUsage: RunUsage | undefined;
  let selfRun: { scores: QuestionScore[]; process: AnswerProcessReport } | undefined;
  try {
    log(`rag/${options.candidate}: variant ${seed.fingerprint}, ${corpus.docs.length} documents, ${questions.length} ${options.split ?? 'hidden'} questions`);
    proc = await spawnSandboxed({
      command: `(${manifest.ingest}) 1>&2 && echo '${INGEST_DONE}' && exec ${manifest.answer}`,
      // After a timeout or a crash: the answer command alone, on what ingest built.
      restartCommand: `exec ${manifest.answer}`,
      submissionDir,
      env: { CORPUS_DIR: corpusDir, OPENAI_API_KEY: run.token },
      readOnlyMounts: [
        { source: corpusDir, target: corpusDir },
        { source: join(HARNESS_ROOT, 'node_modules'), target: 'node_modules' },
      ],
      gatewaySocket: socketPath,
      excludeFromCopy: [...COPY_EXCLUDE],
      hidePaths: options.hidePaths ?? [],
      mode: options.sandboxMode ?? 'auto',
      // The sandbox's own clock is a backstop: the loop's limits end the answer phase first.
      limits: { wallMs: ingestTimeoutMs + answerPhaseBoundMs(limits) + (selfQuestions.length ? answerPhaseBoundMs(selfLimits) : 0) + 60_000 },
    }).catch((error: unknown) => {
      // A submission the sandbox refuses to copy (too deep, too many files, too big): invalid, with a scorecard saying why.
      if (!(error instanceof InvalidSubmissionError)) throw error;
      invalid = `${error.message}${error.hint ? ` (${error.hint})` : ''}`;
      return undefined;
    });
    const sandboxed = proc;
    if (!sandboxed) throw new SkipRun();
    const write = (line: string) => sandboxed.stdin.write(line);
    let channel = lineChannel(write, sandboxed.lines());
    const ingestStart = performance.now();
    let ready = false;
    const ingestStep = options.step?.('ingest');
    try {
      for (;;) {
        const line = await channel.nextLine(Math.max(1, ingestTimeoutMs - (performance.now() - ingestStart)));
        if (line === INGEST_DONE) {
          ready = true;
          break;
        }
        if (line === undefined || line === 'timeout') break;
      }
    } finally {
      ingestStep?.stop();
    }
    ingestMs = performance.now() - ingestStart;
    if (!ready) problems.push(`ingest did not finish (${sandboxed.stderrTail().slice(-500)})`);
    else log(`ingest done in ${(ingestMs / 1000).toFixed(1)} s`);

    const loop = await runQuestionLoop({
      questions,
      process: ready
        ? {
            channel: () => channel,
            restart: async () => {
              await sandboxed.restart();
              channel = lineChannel(write, sandboxed.lines());
            },
          }
        : undefined,
      limits,
      meter: run,
      integrity,
      docText,
      k,
      onProgress: options.onProgress,
      onEvent: (e) => {
        if (e.kind !== 'startup') log(`answer process: ${e.kind}${e.questionId ? ` on ${e.questionId}` : ''}${e.detail ? `: ${e.detail}` : ''}`);
      },
      onAnswered: ({ question: q, asked, score: s, usage }) =>
        items.push({
          id: q.id,
          kind: 'question',
          category: q.category,
          status: asked.answer.status === 'ok' ? 'ok' : asked.answer.status,
          verdicts: s.verdicts,
          evidence: {
            question: q.question,
            // The question's score (what answerQuality or refusalDiscrimination counts for it): a comparison pairs two candidates on it.
            score: s.score,
            expected: s.expected,
            referenceAnswer: q.referenceAnswer,
            answer: asked.answer.answer,
            citations: asked.answer.citations,
            refused: asked.answer.refused,
            ...(asked.answer.error ? { error: asked.answer.error } : {}),
            supportingDocs: q.supportingDocs,
            usage: usage
              ? { requests: usage.requests, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, costUsd: usage.costUsd }
              : { requests: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 },
            gatewayCalls: usage ? usage.calls.map((c) => ({ endpoint: c.endpoint, model: c.model, status: c.status, promptTokens: c.promptTokens, completionTokens: c.completionTokens })) : [],
          },
        }),
    });
    scores.push(...loop.scores);
    latencies.push(...loop.latencies);
    overheads.push(...loop.overheads);
    if (ready) answerProcess = loop.process;
    // The candidate's own evals (and the dev set their report claims figures for), after the graded questions, on the same
    // process: scored apart, never in the graded metrics, answer patterns or integrity tally; their usage is left out too.
    hiddenUsage = run.usage();
    if (ready && !loop.process.cutOff && selfQuestions.length) {
      log(`asking ${selfQuestions.length} question(s) to recompute the report's figures (dev set and own evals)`);
      const own = await runQuestionLoop({
        questions: selfQuestions,
        process: {
          channel: () => channel,
          restart: async () => {
            await sandboxed.restart();
            channel = lineChannel(write, sandboxed.lines());
          },
        },
        limits: selfLimits,
        meter: run,
        integrity: new AnswerIntegrity(inCorpus, []),
        docText,
        k,
      });
      selfRun = { scores: own.scores, process: own.process };
    }
    result = await sandboxed.stop();
    for (const v of result.violations) flags.push({ code: 'sandbox-violation', severity: 'critical', message: `${v.kind}: ${v.detail}` });
    if (result.mode === 'degraded') flags.push({ code: 'sandbox-degraded', severity: 'warning', message: `the sandbox ran degraded: ${result.warnings.join('; ')}` });
    if (answerProcess && (answerProcess.restarts > 0 || answerProcess.cutOff)) flags.push(answerProcessFlag(answerProcess));
    const spent = run.usage();
    if (spent.rejected > 0) {
      flags.push({
        code: 'budget-exhausted',
        severity: 'warning',
        message: `the run's gateway budget ran out: ${spent.rejected} call(s) refused (budget ${JSON.stringify({ tokens: spent.budget.tokens, requests: spent.budget.requests, costUsd: spent.budget.costUsd })})`,
        evidence: { rejected: spent.rejected, budget: spent.budget },
      });
    }
    flags.push(...answerPatternFlags(scores), ...integrityFlags(scan, integrity.tally));
    await result.cleanup();
  } catch (error) {
    if (!(error instanceof SkipRun)) throw error;
  } finally {
    // Whatever went wrong, the candidate's processes end now, not at the sandbox's wall clock.
    if (proc && !result) {
      proc.kill();
      const ended = await proc.exited.catch(() => undefined);
      await ended?.cleanup().catch(() => undefined);
    }
    run.close();
    await gateway.close();
    await removeTree(scratch);
  }

  const usage = run.usage();
  const summary = summariseRag({ scores, latencies }, hiddenUsage ?? usage, { k, stream: createStream(seed, 'grade.bootstrap'), questions: questions.length, backend: 'offline' });
  const self = selfAssessmentResult(selfFiles, {
    summary,
    devIds: split.dev.map((q) => q.id),
    graded: options.split === 'dev' ? 'the dev set' : 'the hidden set',
    limited: options.limit !== undefined,
    selfRun,
    k,
    stream: createStream(seed, 'grade.self-assessment'),
  });
  return {
    schema: SCORECARD_SCHEMA,
    exercise: 'rag',
    candidate: options.candidate,
    variant: seed.fingerprint,
    harnessVersion: HARNESS_VERSION,
    status: invalid ? 'invalid' : problems.length ? 'error' : 'graded',
    problems: invalid ? [invalid] : problems,
    backend: 'offline',
    metrics: { ...summary.metrics, ...self.metrics },
    breakdown: summary.breakdown,
    items: [
      ...items,
      { id: 'refusal-confusion', kind: 'check', status: 'ok', verdicts: {}, evidence: { matrix: summary.confusion } },
      integrityEvidence(scan, integrity.tally),
      ...(answerProcess ? [answerProcessItem(answerProcess)] : []),
      ...self.items,
      sourceScanItem({ scanned: scan.filesScanned, unscannable: scan.unscannable }, scan.secretAccess),
    ],
    flags,
    usage: usageSummary(usage),
    ...(result ? { sandbox: { mode: result.mode, mechanisms: result.mechanisms, warnings: result.warnings, violations: result.violations.map((v) => ({ kind: v.kind, detail: v.detail })) } } : {}),
    timing: {
      ingestMs,
      ...(answerProcess?.startupMs != null ? { startupMs: answerProcess.startupMs } : {}),
      ...(answerProcess?.readyMs != null ? { readyMs: answerProcess.readyMs } : {}),
      latencyP50Ms: latencyMetrics(latencies).latencyP50?.value ?? 0,
      harnessOverheadP50Ms: latencyMetrics(overheads).latencyP50?.value ?? 0,
    },
  };
}

/** The answer process's history as a scorecard item: each start-up, timeout, crash, restart and the cut-off. */
export function answerProcessItem(report: AnswerProcessReport): ScorecardItem {
  const ok = report.cutOff === null && report.restarts === 0;
  return {
    id: 'answer-process',
    kind: 'check',
    status: report.cutOff ? 'error' : 'ok',
    verdicts: {
      ran: {
        pass: ok,
        score: null,
        reason: ok ? `started once (warm-up answered in ${report.startupMs} ms) and answered every question it was asked in time` : answerProcessSummary(report),
      },
    },
    evidence: { ...report, events: report.events.slice(0, 200), eventsDropped: Math.max(0, report.events.length - 200) },
  };
}

function answerProcessSummary(report: AnswerProcessReport): string {
  const parts = [`${report.timeouts} timeout(s)`, `${report.restarts} restart(s)`];
  if (report.cutOff) parts.push(`cut off (${report.cutOff}), ${report.notAsked} question(s) not asked`);
  return `the answer process had ${parts.join(', ')}`;
}

function answerProcessFlag(report: AnswerProcessReport): Flag {
  return {
    code: 'answer-process',
    severity: 'warning',
    message: `${answerProcessSummary(report)}; unanswered questions count as failures`,
    evidence: { timeouts: report.timeouts, restarts: report.restarts, cutOff: report.cutOff, notAsked: report.notAsked },
  };
}
