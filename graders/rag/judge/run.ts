import pLimit from 'p-limit';
import { ConfigError } from '../../../harness/errors';
import type { RandomStream } from '../../../harness/secrets';
import { median } from '../../../harness/stats';
import { countChatTokens, countTokens } from '../../../harness/providers/offline/tokens';
import { buildMessages, makeNonce, type ChatMessage, type JudgeInput } from './prompt';
import { judgeCacheKey, recordWriter, type JudgeCache, type JudgeEntry, type JudgeRecord, type JudgeSettings } from './store';
import { parseLastVerdict } from './verdict';

/** One chat completion; throws on a transport or HTTP error (counted as a judge error, never cached). */
export interface JudgeClient {
  complete(messages: readonly ChatMessage[]): Promise<string>;
}

export interface JudgeTask {
  id: string;
  input: JudgeInput;
}

export type JudgeSource =
  | { kind: 'client'; client: JudgeClient; cache?: JudgeCache | undefined; recordPath?: string | undefined; record?: JudgeRecord | undefined }
  | { kind: 'replay'; record: JudgeRecord; recordPath: string };

export interface JudgeRunOptions {
  settings: JudgeSettings;
  source: JudgeSource;
  /** Nonces come from here when given (a regrade sends the same prompts), else from crypto. */
  nonceStream?: RandomStream | undefined;
  concurrency?: number | undefined;
  /** Pass mark on the 0..1 correctness scale; default 0.75 (3 of 4). */
  threshold?: number | undefined;
  onItem?: ((done: number, total: number) => void) | undefined;
  /** Tokens the judge may spend on this grade (prompts counted before sending, replies after); default DEFAULT_JUDGE_BUDGET_TOKENS. */
  budgetTokens?: number | undefined;
  /** Called once at the end with what the judge spent (not in replay: nothing is sent). */
  onSpend?: ((spend: JudgeSpend) => void) | undefined;
}

/**
 * The judge's token budget per grade: about three times what 160 questions x 3
 * samples of a typical prompt (about 1,200 tokens) and reply cost. An item whose
 * prompts would pass it is not sent and counts as a judge error saying why.
 */
export const DEFAULT_JUDGE_BUDGET_TOKENS = 2_000_000;

/** What the judge spent on one grade. */
export interface JudgeSpend {
  budgetTokens: number;
  spentTokens: number;
  /** Items not sent because the budget would have been passed. */
  notJudged: number;
}

export interface SampleOutcome {
  /** Both on 0..1 (the 0-4 scale divided by 4); null when the sample gave no valid verdict. */
  correctness: number | null;
  faithfulness: number | null;
  reason: string;
  error?: string;
}

export interface ItemJudgement {
  id: string;
  key: string;
  /** judged: at least one sample gave a valid verdict; error: none did. */
  status: 'judged' | 'error';
  /** Median over samples, a sample without a verdict counting 0. */
  correctness: number;
  faithfulness: number;
  pass: boolean;
  /** Some samples pass the threshold and some do not. */
  unstable: boolean;
  sampleErrors: number;
  samples: SampleOutcome[];
  source: 'request' | 'cache' | 'record';
  reason: string;
}

export const DEFAULT_THRESHOLD = 0.75;

/** Turn an entry's replies into the item's judgement: pure, so a replay gives the same numbers. */
export function judgeEntry(entry: JudgeEntry, source: ItemJudgement['source'], threshold = DEFAULT_THRESHOLD): ItemJudgement {
  const samples: SampleOutcome[] = entry.replies.map((reply, i) => {
    if (reply === null) return { correctness: null, faithfulness: null, reason: '', error: entry.errors[i] ?? 'no reply' };
    const verdict = parseLastVerdict(reply);
    if (!verdict) return { correctness: null, faithfulness: null, reason: '', error: `no valid verdict in the reply (${reply.length} chars: ${JSON.stringify(reply.slice(-120))})` };
    return { correctness: verdict.correctness / 4, faithfulness: verdict.faithfulness / 4, reason: verdict.reason };
  });
  const c = samples.map((s) => s.correctness ?? 0);
  const f = samples.map((s) => s.faithfulness ?? 0);
  const sampleErrors = samples.filter((s) => s.correctness === null).length;
  const status = sampleErrors === samples.length ? 'error' : 'judged';
  const correctness = median(c);
  const faithfulness = median(f);
  const unstable = c.some((v) => v >= threshold) && c.some((v) => v < threshold);
  const pass = status === 'judged' && correctness >= threshold;
  const scale = (v: number | null) => (v === null ? 'error' : String(v * 4));
  const representative = samples.find((s) => s.correctness === correctness) ?? samples.find((s) => s.correctness !== null);
  const reason =
    status === 'error'
      ? `judge error: no valid verdict in ${samples.length} sample(s) (${samples[0]?.error ?? ''})`
      : `${unstable ? 'unstable: ' : ''}correctness ${scale(correctness)}/4 (samples ${samples.map((s) => scale(s.correctness)).join(', ')}${sampleErrors ? `, ${sampleErrors} without a verdict` : ''}): ${representative?.reason ?? ''}`;
  return { id: entry.item, key: entry.key, status, correctness, faithfulness, pass, unstable, sampleErrors, samples, source, reason };
}

/**
 * Judge every task: from the record (replay, no network), else from the cache,
 * else by asking the client N times. Every exchange goes into the record when
 * one is written. A task the record lacks is a ConfigError naming the item.
 */
export async function runJudge(tasks: readonly JudgeTask[], options: JudgeRunOptions): Promise<ItemJudgement[]> {
  const { settings, source } = options;
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (source.kind === 'replay') {
    return tasks.map((task, i) => {
      const key = judgeCacheKey(settings, task.input);
      const entry = source.record.items[task.id];
      if (!entry)
        throw new ConfigError(`judge record ${source.recordPath} has no verdict for item ${task.id}`, {
          hint: 'the record belongs to another candidate, split or --limit; record it again with --judge upstream --judge-model M --judge-record FILE',
        });
      if (entry.key !== key)
        throw new ConfigError(`judge record ${source.recordPath} holds item ${task.id} for other inputs (the answer, the question or the judge settings changed)`, {
          hint: 'the submission answered differently this time; record the judge again with --judge upstream',
        });
      if (entry.replies.length !== settings.samples)
        throw new ConfigError(`judge record ${source.recordPath}: item ${task.id} has ${entry.replies.length} replies, the record's settings say ${settings.samples}`, { hint: 'record it again' });
      options.onItem?.(i + 1, tasks.length);
      return judgeEntry(entry, 'record', threshold);
    });
  }

  const writer = source.recordPath && source.record ? recordWriter(source.recordPath, source.record) : undefined;
  const limit = pLimit(options.concurrency ?? 4);
  const spend: JudgeSpend = { budgetTokens: options.budgetTokens ?? DEFAULT_JUDGE_BUDGET_TOKENS, spentTokens: 0, notJudged: 0 };
  let done = 0;
  const one = async (task: JudgeTask): Promise<ItemJudgement> => {
    const key = judgeCacheKey(settings, task.input);
    const cached = await source.cache?.get(key);
    let entry: JudgeEntry;
    let from: ItemJudgement['source'] = 'cache';
    if (cached && cached.replies.length === settings.samples) {
      entry = { ...cached, item: task.id };
    } else {
      from = 'request';
      const requests = Array.from({ length: settings.samples }, (_, s) => buildMessages(task.input, makeNonce(options.nonceStream, `${task.id}:${key}:${s}`)));
      // Reserved before sending (concurrent items see it at once); replies are added when they come.
      const promptTokens = requests.reduce((sum, messages) => sum + countChatTokens(messages), 0);
      if (spend.spentTokens + promptTokens > spend.budgetTokens) {
        spend.notJudged += 1;
        options.onItem?.(++done, tasks.length);
        const error = `judge budget of ${spend.budgetTokens} tokens spent (${spend.spentTokens} used): not judged`;
        return judgeEntry({ key, item: task.id, requests: [], replies: requests.map(() => null), errors: requests.map(() => error) }, 'request', threshold);
      }
      spend.spentTokens += promptTokens;
      const outcomes = await Promise.all(
        requests.map(async (messages) => {
          try {
            return { reply: await source.client.complete(messages), error: null };
          } catch (error) {
            return { reply: null, error: (error as Error).message || String(error) };
          }
        }),
      );
      for (const o of outcomes) if (o.reply !== null) spend.spentTokens += countTokens(o.reply);
      entry = { key, item: task.id, requests, replies: outcomes.map((o) => o.reply), errors: outcomes.map((o) => o.error) };
      if (source.cache && entry.errors.every((e) => e === null)) await source.cache.put(entry);
    }
    await writer?.add(entry);
    options.onItem?.(++done, tasks.length);
    return judgeEntry(entry, from, threshold);
  };
  const results = await Promise.all(tasks.map((t) => limit(() => one(t))));
  await writer?.flush();
  options.onSpend?.(spend);
  return results;
}
