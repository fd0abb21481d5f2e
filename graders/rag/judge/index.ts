import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildQuestionPool, renderCorpus, splitQuestions } from '../../../corpora';
import { ConfigError, UsageError } from '../../../harness/errors';
import { scrubSecret } from '../../../harness/gateway/backends/scrub';
import { createChatModel } from '../../../harness/providers';
import type { Scorecard } from '../../../harness/scorecard';
import { createStream, deriveCandidateSeed } from '../../../harness/secrets';
import { corpusMembership } from '../integrity';
import type { ChatMessage } from './prompt';
import type { JudgeClient, JudgeSource } from './run';
import { judgeScorecard } from './scorecard';
import { defaultJudgeCacheDir, emptyRecord, JudgeCache, readJudgeRecord, type JudgeSettings } from './store';

export type { JudgeClient } from './run';
export type { JudgeSettings } from './store';

export const DEFAULT_JUDGE_SAMPLES = 3;
export const DEFAULT_JUDGE_TEMPERATURE = 0.7;

export type JudgeConfig = { mode: 'upstream'; settings: JudgeSettings; baseURL: string; apiKey: string; recordPath?: string | undefined; cacheDir: string } | { mode: 'replay'; recordPath: string };

export interface JudgeFlags {
  judge?: string | undefined;
  judgeModel?: string | undefined;
  judgeUrl?: string | undefined;
  judgeSamples?: string | undefined;
  judgeTemperature?: string | undefined;
  judgeRecord?: string | undefined;
  judgeCache?: string | undefined;
}

/**
 * Fail before any grading when the record cannot be written: finding out after
 * the sandbox run would lose that run's work.
 */
function assertWritableRecord(path: string): void {
  const hint = 'choose a --judge-record path in a folder you can write to';
  if (existsSync(path) && statSync(path).isDirectory()) throw new ConfigError(`--judge-record ${path} is a folder, not a file`, { hint });
  try {
    accessSync(dirname(path), constants.W_OK);
  } catch {
    throw new ConfigError(`--judge-record ${path}: cannot write to ${dirname(path)} (missing or not writable)`, { hint });
  }
}

/**
 * The judge's configuration from the grade command's flags and the
 * environment (TAKEHOME_UPSTREAM_API_KEY, TAKEHOME_UPSTREAM_URL), or undefined
 * when no judge was asked for. The key is read here and handed only to the
 * judge's client: it is never printed and never reaches candidate code (the
 * judge runs after the sandbox has finished).
 */
export function parseJudgeFlags(flags: JudgeFlags, env: Readonly<Record<string, string | undefined>>): JudgeConfig | undefined {
  const mode = flags.judge ?? 'none';
  const judgeOnly = (['judgeModel', 'judgeUrl', 'judgeSamples', 'judgeTemperature', 'judgeCache'] as const).filter((k) => flags[k] !== undefined);
  if (mode === 'none') {
    const stray = [...judgeOnly, ...(flags.judgeRecord === undefined ? [] : ['judgeRecord'])];
    if (stray.length) throw new UsageError(`--${stray[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --judge upstream or --judge replay`);
    return undefined;
  }
  if (mode === 'replay') {
    if (!flags.judgeRecord) throw new UsageError('--judge replay needs --judge-record FILE', { hint: 'record one first with --judge upstream --judge-model M --judge-record FILE' });
    if (judgeOnly.length) throw new UsageError(`--judge replay takes the model, samples and verdicts from the record; drop --${judgeOnly[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    return { mode: 'replay', recordPath: resolve(flags.judgeRecord) };
  }
  if (mode !== 'upstream') throw new UsageError(`--judge ${mode}: valid values are none, upstream, replay`);
  if (!flags.judgeModel) throw new UsageError('--judge upstream needs --judge-model M', { hint: 'e.g. --judge-model gpt-4o' });
  const samples = flags.judgeSamples === undefined ? DEFAULT_JUDGE_SAMPLES : Number(flags.judgeSamples);
  if (!Number.isInteger(samples) || samples < 1 || samples > 15) throw new UsageError(`--judge-samples ${flags.judgeSamples}: must be a whole number from 1 to 15`);
  const temperature = flags.judgeTemperature === undefined ? DEFAULT_JUDGE_TEMPERATURE : Number(flags.judgeTemperature);
  if (flags.judgeTemperature?.trim() === '' || !Number.isFinite(temperature) || temperature < 0 || temperature > 2)
    throw new UsageError(`--judge-temperature ${flags.judgeTemperature}: must be a number from 0 to 2`);
  const recordPath = flags.judgeRecord === undefined ? undefined : resolve(flags.judgeRecord);
  if (recordPath) assertWritableRecord(recordPath);
  const baseURL = flags.judgeUrl ?? env.TAKEHOME_UPSTREAM_URL;
  if (!baseURL) throw new ConfigError('--judge upstream needs --judge-url URL (or TAKEHOME_UPSTREAM_URL)', { hint: 'an OpenAI-compatible base URL, e.g. --judge-url https://api.openai.com/v1' });
  if (!/^https?:\/\/[^\s]+$/.test(baseURL)) throw new ConfigError(`judge URL ${JSON.stringify(baseURL)} is not an http(s) URL`, { hint: 'e.g. --judge-url https://api.openai.com/v1' });
  const apiKey = env.TAKEHOME_UPSTREAM_API_KEY?.trim();
  if (!apiKey)
    throw new ConfigError('--judge upstream needs TAKEHOME_UPSTREAM_API_KEY in the environment', {
      hint: 'export TAKEHOME_UPSTREAM_API_KEY=... (never printed), or regrade with --judge replay --judge-record FILE',
    });
  return {
    mode: 'upstream',
    settings: { model: flags.judgeModel, temperature, samples },
    baseURL,
    apiKey,
    recordPath,
    cacheDir: resolve(flags.judgeCache ?? defaultJudgeCacheDir(env)),
  };
}

/** A LangChain ChatOpenAI on any OpenAI-compatible URL; errors come back with the key scrubbed. */
export function createJudgeClient(options: { baseURL: string; apiKey: string; model: string; temperature: number; timeoutMs?: number }): JudgeClient {
  const model = createChatModel({ baseURL: options.baseURL, apiKey: options.apiKey, chatModel: options.model, temperature: options.temperature, maxRetries: 1 });
  return {
    async complete(messages: readonly ChatMessage[]) {
      try {
        const reply = await model.invoke(
          messages.map((m) => [m.role === 'system' ? 'system' : 'human', m.content] as [string, string]),
          { signal: AbortSignal.timeout(options.timeoutMs ?? 120_000) },
        );
        const content = reply.content;
        return typeof content === 'string' ? content : content.map((part) => (part.type === 'text' && 'text' in part ? String(part.text) : '')).join('');
      } catch (error) {
        throw new Error(scrubSecret((error as Error).message || String(error), options.apiKey));
      }
    },
  };
}

export interface JudgeRagOptions {
  secret: string;
  /** Injected by tests; the default is ChatOpenAI on the configured URL. */
  client?: JudgeClient | undefined;
  onItem?: ((done: number, total: number) => void) | undefined;
}

/**
 * The judge for a graded RAG scorecard: re-derives the candidate's questions
 * and corpus from the secret (as the grader did), then judges, from the
 * record (replay) or the cache or the upstream model.
 */
export async function judgeRagScorecard(scorecard: Scorecard, config: JudgeConfig, options: JudgeRagOptions): Promise<Scorecard> {
  const seed = deriveCandidateSeed(options.secret, 'rag', scorecard.candidate);
  if (seed.fingerprint !== scorecard.variant)
    throw new ConfigError(`the scorecard's variant ${scorecard.variant} is not this secret's variant for ${scorecard.candidate}`, { hint: 'judge with the secret the scorecard was graded with' });
  const corpus = renderCorpus(seed);
  const split = splitQuestions(seed, buildQuestionPool(seed));
  const inCorpus = corpusMembership(corpus.docs.map((d) => d.markdown));
  let source: JudgeSource;
  let settings: JudgeSettings;
  if (config.mode === 'replay') {
    const record = await readJudgeRecord(config.recordPath);
    settings = { model: record.settings.model, temperature: record.settings.temperature, samples: record.settings.samples };
    source = { kind: 'replay', record, recordPath: config.recordPath };
  } else {
    settings = config.settings;
    const client = options.client ?? createJudgeClient({ baseURL: config.baseURL, apiKey: config.apiKey, model: settings.model, temperature: settings.temperature });
    source = { kind: 'client', client, cache: new JudgeCache(config.cacheDir), recordPath: config.recordPath, record: config.recordPath ? emptyRecord(settings) : undefined };
  }
  return judgeScorecard(scorecard, [...split.hidden, ...split.dev], {
    settings,
    source,
    nonceStream: createStream(seed, 'judge.nonce'),
    stream: createStream(seed, 'judge.bootstrap'),
    inCorpus,
    onItem: options.onItem,
  });
}
