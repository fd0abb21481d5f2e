import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { parse as parseYaml } from 'yaml';
import type { refusalConfusion } from '../../../graders/rag/aggregate';
import { defaultAnswerLimits, runQuestionLoop, summariseRag } from '../../../graders/rag/loop';
import { RAG_MANIFEST, type RagManifest } from '../../../graders/rag/manifest';
import { lineChannel, type LineChannel } from '../../../graders/rag/protocol';
import { AnswerIntegrity, corpusMembership } from '../../../graders/rag/integrity';
import type { GoldQuestion, QuestionScore } from '../../../graders/rag/score';
import { claimedFigures, evalLoopQuestions, evalSetResults, type EvalSetResult } from '../../../graders/rag/evals';
import { compareClaims, type ClaimCheck } from '../../../graders/rag/self-assessment';
import { readSelfAssessmentFiles, reportConsistency } from '../../../graders/rag/self-assessment-files';
import type { FileProblem } from '../../../harness/submission/json-report';
import { readManifest } from '../../../harness/submission';
import { startGateway, type ModelMap, type PriceTable } from '../../../harness/gateway';
import type { Metric } from '../../../harness/scorecard';
import { RandomStream } from '../../../harness/secrets/random';

/**
 * The kit's `npm run check`, as a function that returns data: run the
 * candidate's ingest and answer commands as plain child processes (the
 * candidate's own machine, no sandbox) against a fresh offline gateway, ask
 * the public dev questions and score them with the grader's own functions.
 *
 * This file is bundled into the kit (tools/check.mjs): it must import nothing
 * that knows a seed, a secret, the question pool or the corpus templates. It
 * reads only the kit's public dev/questions.jsonl and corpus/ at run time.
 */
export interface CheckOptions {
  kitDir: string;
  models: ModelMap;
  prices: PriceTable;
  limit?: number;
  perQuestionTimeoutMs?: number;
  ingestTimeoutMs?: number;
  /** Each start-up of the answer process, apart from every question (default: the grader's). */
  startupTimeoutMs?: number;
  k?: number;
  /** Where the pipeline's own output (ingest stdout and stderr, answer stderr) goes. */
  log?: (chunk: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface CheckResult {
  questions: number;
  ingestMs: number;
  /** The answer process's first start-up (its warm-up answered), measured apart from the questions; null if it never started. */
  startupMs: number | null;
  /** When it printed the optional ready line, if it did. */
  readyMs: number | null;
  /** Restarts after a timeout or a crash, as the grader does them. */
  restarts: number;
  ingestOk: boolean;
  problems: string[];
  metrics: Record<string, Metric>;
  breakdown: Record<string, Record<string, Metric>>;
  confusion: ReturnType<typeof refusalConfusion>;
  perQuestion: {
    id: string;
    category: string;
    status: string;
    score: number;
    missing: string[];
    forbidden: string[];
    /** Required facts found only inside a list of values (not counted). */
    listed: string[];
    /** Citations that support nothing, each with its reason. */
    unsupportedCitations: string[];
  }[];
  usage: { requests: number; promptTokens: number; completionTokens: number; costUsd: number };
  /** report.json and your own eval sets (evals/*.jsonl), as the grader reads and recomputes them. */
  selfAssessment: {
    reportPresent: boolean;
    reportValid: boolean;
    /** Problems in report.json or the eval sets, each with its file and line or field: the check fails on any. */
    problems: FileProblem[];
    evalSets: EvalSetResult[];
    /** The figures report.json claims against the ones this check measured (dev: only on a full run, no --limit). */
    claims: ClaimCheck[];
  };
}

export async function readDevQuestions(kitDir: string): Promise<GoldQuestion[]> {
  const text = await readFile(join(kitDir, 'dev', 'questions.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as GoldQuestion);
}

/** Document id -> full text, from each file's front matter: the grader checks quotes against this text. */
export async function readCorpusTexts(corpusDir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  async function walk(dir: string): Promise<void> {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name.endsWith('.md')) {
        const text = await readFile(full, 'utf8');
        const front = /^---\n([\s\S]*?)\n---/.exec(text);
        const id = front ? (parseYaml(front[1] as string) as { id?: unknown }).id : undefined;
        if (typeof id !== 'string') throw new Error(`${relative(corpusDir, full).split(sep).join('/')}: no id in the front matter`);
        out.set(id, text);
      }
    }
  }
  await walk(corpusDir);
  return out;
}

function runShell(command: string, cwd: string, env: NodeJS.ProcessEnv, log: (chunk: string) => void, timeoutMs: number): Promise<{ code: number | null; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout.on('data', (d: Buffer) => log(d.toString()));
    child.stderr.on('data', (d: Buffer) => log(d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutMs);
    child.on('error', () => resolve({ code: null, timedOut }));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut });
    });
  });
}

/** The command runs under sh in its own process group, so npm and tsx children end with it. */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const log = options.log ?? ((chunk: string) => process.stderr.write(chunk));
  const k = options.k ?? 5;
  const kitDir = options.kitDir;
  const manifest = (await readManifest(kitDir, { ...RAG_MANIFEST, docs: 'README.md ("The protocol")' })) as RagManifest;
  const all = await readDevQuestions(kitDir);
  const selfFiles = await readSelfAssessmentFiles(kitDir);
  const evalQuestions = evalLoopQuestions(selfFiles.evalSets);
  const evalScores: QuestionScore[] = [];
  const questions = options.limit ? all.slice(0, options.limit) : all;
  const corpusDir = join(kitDir, 'corpus');
  const docText = await readCorpusTexts(corpusDir);
  // As the grader does on the dev set: an answer that talks to a grader scores 0.
  const integrity = new AnswerIntegrity(corpusMembership(docText.values()), []);
  const gateway = await startGateway({ backend: 'offline', listen: { port: 0, host: '127.0.0.1' }, models: options.models, prices: options.prices });
  const run = gateway.createRun({ label: 'check' });
  const env = { ...(options.env ?? process.env), CORPUS_DIR: corpusDir, OPENAI_BASE_URL: gateway.url, OPENAI_API_KEY: run.token };
  const problems: string[] = [];
  const scores: QuestionScore[] = [];
  const latencies: number[] = [];
  let ingestMs = 0;
  let ingestOk = false;
  let answer: ChildProcessWithoutNullStreams | undefined;
  let startupMs: number | null = null;
  let readyMs: number | null = null;
  let restarts = 0;
  let devUsage: ReturnType<typeof run.usage> | undefined;
  const perQuestionTimeoutMs = options.perQuestionTimeoutMs ?? 20_000;
  const limits = { ...defaultAnswerLimits(perQuestionTimeoutMs, questions.length), ...(options.startupTimeoutMs ? { startupTimeoutMs: options.startupTimeoutMs } : {}) };
  /** Start the answer command: a plain child in its own process group, its stdout as a line channel. */
  const startAnswer = (): LineChannel => {
    const child = spawn('sh', ['-c', manifest.answer], { cwd: kitDir, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    answer = child;
    child.stderr.on('data', (d: Buffer) => log(d.toString()));
    child.stdin.on('error', () => undefined);
    return lineChannel((line) => {
      if (child.stdin.writable) child.stdin.write(line);
    }, createInterface({ input: child.stdout, crlfDelay: Infinity })[Symbol.asyncIterator]());
  };
  /** Kill a child's group and wait for it to exit. */
  const endAnswer = async (child: ChildProcessWithoutNullStreams | undefined, graceMs: number): Promise<void> => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    if (graceMs > 0) child.stdin.end();
    const timer = setTimeout(() => killGroup(child.pid), graceMs);
    await exited;
    clearTimeout(timer);
    killGroup(child.pid);
  };
  try {
    const start = performance.now();
    const ingest = await runShell(manifest.ingest, kitDir, env, log, options.ingestTimeoutMs ?? 300_000);
    ingestMs = performance.now() - start;
    ingestOk = ingest.code === 0;
    if (!ingestOk) problems.push(ingest.timedOut ? `ingest ("${manifest.ingest}") timed out` : `ingest ("${manifest.ingest}") exited with code ${ingest.code}`);

    let channel: LineChannel | undefined = ingestOk ? startAnswer() : undefined;
    const answerProcess = channel
      ? {
          channel: () => channel as LineChannel,
          restart: async () => {
            await endAnswer(answer, 0);
            channel = startAnswer();
          },
        }
      : undefined;
    // The grader's loop and limits: a warm-up measures start-up apart from question 1; a hang costs one question, then a restart.
    const loop = await runQuestionLoop({ questions, process: answerProcess, limits, meter: run, integrity, docText, k });
    devUsage = run.usage();
    // Your own eval sets, after the dev set, on the same process, scored alike: the grader asks them the same way.
    if (evalQuestions.length && answerProcess && !loop.process.cutOff) {
      const own = await runQuestionLoop({
        questions: evalQuestions,
        process: answerProcess,
        limits: { ...defaultAnswerLimits(perQuestionTimeoutMs, evalQuestions.length), startupTimeoutMs: limits.startupTimeoutMs },
        meter: run,
        integrity: new AnswerIntegrity(corpusMembership(docText.values()), []),
        docText,
        k,
      });
      evalScores.push(...own.scores);
      if (own.process.cutOff) problems.push(`stopped asking your eval questions: ${own.process.cutOff}`);
    }
    scores.push(...loop.scores);
    latencies.push(...loop.latencies);
    startupMs = loop.process.startupMs;
    readyMs = loop.process.readyMs;
    restarts = loop.process.restarts;
    if (ingestOk && startupMs === null) problems.push(`the answer process did not answer the warm-up question within ${limits.startupTimeoutMs} ms`);
    if (loop.process.cutOff) problems.push(`stopped asking: ${loop.process.cutOff}`);
    for (const { asked } of loop.records) if (asked.answer.error && !problems.includes(asked.answer.error)) problems.push(asked.answer.error);
  } finally {
    await endAnswer(answer, 3_000);
    run.close();
    await gateway.close();
  }
  // A fixed public stream: the intervals are the grader's method; only the grader's resampling draws differ.
  const stream = new RandomStream(Buffer.from('takehome.kit-check'), 'check.bootstrap');
  const usage = devUsage ?? run.usage();
  const summary = summariseRag({ scores, latencies }, usage, { k, stream, questions: questions.length, backend: 'offline' });
  const figureOptions = { k, stream: stream.fork('self-assessment'), backend: 'offline' };
  const evalSets = evalQuestions.length ? evalSetResults(selfFiles.evalSets, evalScores, figureOptions) : [];
  // The dev figures a report claims are for the whole dev set: compared only on a full run.
  const devFigures = options.limit ? undefined : claimedFigures(scores, figureOptions);
  const claims = compareClaims(selfFiles.report, devFigures, evalSets).filter((c) => devFigures || !c.source.startsWith('dev/'));
  const selfProblems = [...selfFiles.reportProblems, ...selfFiles.evalProblems, ...(selfFiles.report ? reportConsistency(selfFiles.report, new Set(all.map((q) => q.id)), selfFiles.evalSets) : [])];
  return {
    questions: questions.length,
    ingestMs,
    startupMs,
    readyMs,
    restarts,
    ingestOk,
    problems,
    metrics: summary.metrics,
    breakdown: summary.breakdown,
    confusion: summary.confusion,
    perQuestion: [...scores, ...evalScores].map((s) => ({
      id: s.id,
      category: s.category,
      status: s.status,
      score: s.score,
      missing: s.factsMissing,
      forbidden: s.forbiddenFound.map((f) => f.name),
      listed: s.factsListed.map((l) => `${l.name} (in a list of ${l.values} values)`),
      unsupportedCitations: s.unverifiedQuotes,
    })),
    usage: { requests: usage.requests, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, costUsd: usage.costUsd },
    selfAssessment: { reportPresent: selfFiles.reportPresent, reportValid: selfFiles.report !== undefined, problems: selfProblems, evalSets, claims },
  };
}
