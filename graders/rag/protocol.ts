import { z } from 'zod';
import type { PipelineAnswer } from './score';

/** One answer line of the RAG protocol (see exercises/rag/README.md). Unknown fields are ignored. */
export const answerLineSchema = z.object({
  id: z.string(),
  answer: z.string().max(20_000),
  citations: z
    .array(z.object({ doc_id: z.string().max(200), quote: z.string().max(2_000).default('') }))
    .max(50)
    .default([]),
  refused: z.boolean().default(false),
  retrieved: z.array(z.string().max(200)).max(100).optional(),
});

/** The candidate's process, seen as lines in and lines out. */
export interface LineChannel {
  write(line: string): void;
  /** The next stdout line; undefined at end of output; 'timeout' when none came in time. */
  nextLine(timeoutMs: number): Promise<string | undefined | 'timeout'>;
}

export interface AskResult {
  answer: PipelineAnswer;
  latencyMs: number;
  /** How the wait ended: an answer line (valid or not), no line in time, or the end of the process's output. */
  outcome: 'answered' | 'invalid' | 'timeout' | 'closed';
  /** Lines that were not the answer to this question (stale answers, logs on stdout, bad JSON). */
  skipped: string[];
}

/**
 * A line channel over an async iterator of the process's stdout lines, with a
 * timeout per read; a read that timed out stays pending and is picked up by
 * the next read, so no line is lost.
 */
export function lineChannel(write: (line: string) => void, lines: AsyncIterator<string>): LineChannel {
  let pending: Promise<IteratorResult<string>> | undefined;
  return {
    write,
    async nextLine(timeoutMs) {
      pending ??= lines.next();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
      const result = await Promise.race([pending, timeout]);
      clearTimeout(timer);
      if (result === 'timeout') return 'timeout';
      pending = undefined;
      return result.done ? undefined : result.value;
    },
  };
}

/**
 * Send one question and wait for the line that answers it. Lines for other
 * ids (a late answer to an earlier, timed-out question) are skipped; a line
 * with this id that breaks the schema is an error for this question.
 */
export async function askQuestion(channel: LineChannel, question: { id: string; question: string }, timeoutMs: number, now: () => number = () => performance.now()): Promise<AskResult> {
  const start = now();
  const skipped: string[] = [];
  channel.write(`${JSON.stringify({ id: question.id, question: question.question })}\n`);
  for (;;) {
    const left = timeoutMs - (now() - start);
    const line = left > 0 ? await channel.nextLine(left) : 'timeout';
    const latencyMs = now() - start;
    if (line === 'timeout') return { answer: failure('timeout', `no answer within ${timeoutMs} ms`), latencyMs, skipped, outcome: 'timeout' };
    if (line === undefined) return { answer: failure('error', 'the answer process closed its output'), latencyMs, skipped, outcome: 'closed' };
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      skipped.push(line.slice(0, 200));
      continue;
    }
    if (!raw || typeof raw !== 'object' || (raw as { id?: unknown }).id !== question.id) {
      skipped.push(line.slice(0, 200));
      continue;
    }
    const parsed = answerLineSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { answer: failure('error', `answer line breaks the protocol at field ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`), latencyMs, skipped, outcome: 'invalid' };
    }
    const a = parsed.data;
    return { answer: { status: 'ok', answer: a.answer, citations: a.citations, refused: a.refused, retrieved: a.retrieved }, latencyMs, skipped, outcome: 'answered' };
  }
}

/** The optional line an answer process may print once it has loaded what it needs (see exercises/rag/README.md). */
export const READY_LINE = '{"takehome":"ready"}';
/** Warm-up questions carry ids with this prefix; they are never scored. */
export const WARMUP_PREFIX = 'takehome-warmup';
/** What a warm-up asks: any answer (or refusal) will do. */
export const WARMUP_QUESTION = 'Warm-up (not scored): what does this help centre cover?';

export interface StartupResult {
  ok: boolean;
  /** From the start of the wait to the warm-up's answer (or to the limit). */
  ms: number;
  /** When the process printed the ready line, if it did. */
  readyMs?: number;
  /** Why it failed: no answer in time, or the output ended. */
  error?: string;
}

/**
 * Start-up, measured apart from any question: send a warm-up question and wait
 * for the line that answers it (any line carrying its id), noting the optional
 * ready line on the way. Works with a process that prints no ready line (it
 * simply answers the warm-up), so the protocol stays backward compatible.
 */
export async function awaitStartup(channel: LineChannel, id: string, timeoutMs: number, now: () => number = () => performance.now()): Promise<StartupResult> {
  const start = now();
  let readyMs: number | undefined;
  channel.write(`${JSON.stringify({ id, question: WARMUP_QUESTION })}\n`);
  for (;;) {
    const left = timeoutMs - (now() - start);
    const line = left > 0 ? await channel.nextLine(left) : 'timeout';
    const ms = now() - start;
    const ready = readyMs === undefined ? {} : { readyMs };
    if (line === 'timeout') return { ok: false, ms, ...ready, error: `no answer to the warm-up question within ${timeoutMs} ms` };
    if (line === undefined) return { ok: false, ms, ...ready, error: 'the answer process closed its output before answering the warm-up question' };
    if (line.trim() === READY_LINE) {
      readyMs ??= ms;
      continue;
    }
    try {
      const raw = JSON.parse(line) as { id?: unknown } | null;
      if (raw && typeof raw === 'object' && raw.id === id) return { ok: true, ms, ...ready };
    } catch {
      // a log line on stdout: skipped, as during questions
    }
  }
}

function failure(status: 'error' | 'timeout', error: string): PipelineAnswer {
  return { status, answer: '', citations: [], refused: false, error };
}
