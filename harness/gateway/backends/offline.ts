import { createHash } from 'node:crypto';
import { completeOffline, streamPieces } from '../../providers/offline/complete';
import { OfflineEmbedder } from '../../providers/offline/embedder';
import { ExtractiveChat } from '../../providers/offline/extractive';
import { countTokens, decodeTokens } from '../../providers/offline/tokens';
import { offlineEmbeddingDimension } from '../config';
import { sendJsonParts, startEventStream, writeEvent } from '../http';
import { badRequest } from '../openai-errors';
import { messageText, type ChatRequest, type EmbeddingsRequest } from '../schemas';
import type { Backend, CallContext, Metered, ResolvedModel } from './types';

const FINGERPRINT = 'takehome-offline';

export interface OfflineChatResult {
  response: Record<string, unknown>;
  text: string;
  finishReason: 'stop' | 'length';
  promptTokens: number;
  completionTokens: number;
}

/** A chat completion object, computed in-process (also what the benchmark compares the gateway with). */
export function offlineChatCompletion(chat: ExtractiveChat, body: ChatRequest, model: ResolvedModel): OfflineChatResult {
  const messages = body.messages.map((m) => ({ role: m.role, content: messageText(m) }));
  const stop = body.stop == null ? undefined : typeof body.stop === 'string' ? [body.stop] : body.stop;
  const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? undefined;
  const result = completeOffline(chat, messages, { maxTokens, stop });
  const n = body.n ?? 1;
  const completionTokens = result.completionTokens * n;
  const id = `chatcmpl-${createHash('sha256').update(result.text).digest('hex').slice(0, 24)}`;
  const response = {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: model.name,
    system_fingerprint: FINGERPRINT,
    choices: Array.from({ length: n }, (_, index) => ({
      index,
      message: { role: 'assistant', content: result.text, refusal: null },
      logprobs: null,
      finish_reason: result.finishReason,
    })),
    usage: { prompt_tokens: result.promptTokens, completion_tokens: completionTokens, total_tokens: result.promptTokens + completionTokens },
  };
  return { response, text: result.text, finishReason: result.finishReason, promptTokens: result.promptTokens, completionTokens };
}

/** The request's inputs as texts, with the tokens the request is billed for. */
function embeddingInputs(body: EmbeddingsRequest): { texts: string[]; tokens: number } {
  const { input } = body;
  const decode = (ids: number[]): string => {
    try {
      return decodeTokens(ids);
    } catch {
      throw badRequest('input holds token ids that are not in cl100k_base', 'input', 'invalid_value');
    }
  };
  if (typeof input === 'string') return { texts: [input], tokens: countTokens(input) };
  if (input.length > 0 && typeof input[0] === 'number') {
    const ids = input as number[];
    return { texts: [decode(ids)], tokens: ids.length };
  }
  if (Array.isArray(input[0])) {
    const lists = input as number[][];
    return { texts: lists.map(decode), tokens: lists.reduce((sum, ids) => sum + ids.length, 0) };
  }
  const texts = input as string[];
  return { texts, tokens: texts.reduce((sum, text) => sum + countTokens(text), 0) };
}

function base64Of(vector: Float64Array): string {
  return Buffer.from(Float32Array.from(vector).buffer).toString('base64');
}

/**
 * The largest response the gateway makes, estimated before any work: past it
 * the request is refused (400 response_too_large) with what to send instead.
 */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** Bytes per dimension in a response: base64 of a float32, or a JSON number at its longest. */
const BYTES_PER_DIMENSION = { base64: 16 / 3, float: 24 } as const;

function embeddingResponseBytes(inputs: number, dimension: number, base64: boolean): number {
  return inputs * (dimension * BYTES_PER_DIMENSION[base64 ? 'base64' : 'float'] + 64);
}

export interface OfflineEmbeddingResult {
  /** The JSON body in pieces, made lazily: one embedding is computed only when the previous one was sent. */
  parts: Iterable<string>;
  promptTokens: number;
}

/** An embeddings response, computed in-process, lazily, item by item. */
export function offlineEmbeddingResponse(embedderFor: (dimension: number) => OfflineEmbedder, body: EmbeddingsRequest, model: ResolvedModel): OfflineEmbeddingResult {
  const dimension = body.dimensions ?? offlineEmbeddingDimension(model.backendModel) ?? 512;
  const { texts, tokens } = embeddingInputs(body);
  const base64 = body.encoding_format === 'base64';
  const estimate = embeddingResponseBytes(texts.length, dimension, base64);
  if (estimate > MAX_RESPONSE_BYTES) {
    throw badRequest(
      `This request would make a response of about ${Math.round(estimate / 1024 / 1024)} MiB (${texts.length} inputs x ${dimension} dimensions), over the gateway's ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB cap: send fewer inputs per request, fewer dimensions, or encoding_format "base64"`,
      'input',
      'response_too_large',
    );
  }
  const embedder = embedderFor(dimension);
  function* parts(): Generator<string> {
    yield '{"object":"list","data":[';
    for (const [index, text] of texts.entries()) {
      const vector = embedder.embedFloat64(text);
      yield `${index ? ',' : ''}${JSON.stringify({ object: 'embedding', index, embedding: base64 ? base64Of(vector) : Array.from(vector) })}`;
    }
    yield `],"model":${JSON.stringify(model.name)},"usage":${JSON.stringify({ prompt_tokens: tokens, total_tokens: tokens })}}`;
  }
  return { parts: parts(), promptTokens: tokens };
}

/** The whole embeddings response object (tests, the benchmark): the same bytes the gateway sends. */
export function offlineEmbeddingObject(
  embedderFor: (dimension: number) => OfflineEmbedder,
  body: EmbeddingsRequest,
  model: ResolvedModel,
): { response: Record<string, unknown>; promptTokens: number } {
  const result = offlineEmbeddingResponse(embedderFor, body, model);
  return { response: JSON.parse([...result.parts].join('')) as Record<string, unknown>, promptTokens: result.promptTokens };
}

/** Embedders kept by dimension; a client asking for many different `dimensions` cannot grow the cache past this. */
const EMBEDDER_CACHE_SIZE = 4;

/** A small cache of embedders by dimension, so `dimensions` requests do not build a new one each time. */
export function embedderCache(): (dimension: number) => OfflineEmbedder {
  const cache = new Map<number, OfflineEmbedder>();
  return (dimension) => {
    let embedder = cache.get(dimension);
    if (embedder) {
      // Most recently used last.
      cache.delete(dimension);
      cache.set(dimension, embedder);
      return embedder;
    }
    embedder = new OfflineEmbedder({ dimension });
    cache.set(dimension, embedder);
    if (cache.size > EMBEDDER_CACHE_SIZE) cache.delete(cache.keys().next().value as number);
    return embedder;
  };
}

/** The deterministic backend: the extractive baseline and the hashed TF-IDF embedder, in-process. */
export function createOfflineBackend(): Backend {
  const chat = new ExtractiveChat();
  const embedderFor = embedderCache();

  return {
    kind: 'offline',

    async chat(ctx: CallContext, body: ChatRequest, model: ResolvedModel): Promise<Metered> {
      const result = offlineChatCompletion(chat, body, model);
      const n = body.n ?? 1;
      const estimate = n * (JSON.stringify(result.text).length + 256);
      if (estimate > MAX_RESPONSE_BYTES) {
        throw badRequest(
          `This request would make a response of about ${Math.round(estimate / 1024 / 1024)} MiB, over the gateway's ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB cap: ask for fewer choices (n) or fewer tokens`,
          'n',
          'response_too_large',
        );
      }
      const metered = { status: 200, promptTokens: result.promptTokens, completionTokens: result.completionTokens, error: null };
      const gone = { ...metered, status: 499, error: 'client_closed' };
      if (!body.stream) {
        // Choice by choice: n copies of one text are never all held at once.
        const { choices, ...rest } = result.response as { choices: unknown[] } & Record<string, unknown>;
        const head = JSON.stringify(rest);
        function* parts(): Generator<string> {
          yield `${head.slice(0, -1)},"choices":[`;
          for (const [index, choice] of choices.entries()) yield `${index ? ',' : ''}${JSON.stringify(choice)}`;
          yield ']}';
        }
        return (await sendJsonParts(ctx.res, 200, parts())) ? metered : gone;
      }
      const includeUsage = body.stream_options?.include_usage === true;
      const base = { id: result.response.id, object: 'chat.completion.chunk', created: result.response.created, model: model.name, system_fingerprint: FINGERPRINT };
      const chunk = (delta: Record<string, unknown>, finishReason: string | null) => ({
        ...base,
        choices: Array.from({ length: n }, (_, index) => ({ index, delta, logprobs: null, finish_reason: finishReason })),
        ...(includeUsage ? { usage: null } : {}),
      });
      startEventStream(ctx.res);
      let open = await writeEvent(ctx.res, chunk({ role: 'assistant', content: '', refusal: null }, null));
      for (const piece of streamPieces(result.text)) {
        if (!open || ctx.signal.aborted) break;
        open = await writeEvent(ctx.res, chunk({ content: piece }, null));
      }
      if (open && !ctx.signal.aborted) {
        await writeEvent(ctx.res, chunk({}, result.finishReason));
        if (includeUsage) await writeEvent(ctx.res, { ...base, choices: [], usage: result.response.usage });
        if (await writeEvent(ctx.res, '[DONE]')) {
          ctx.res.end();
          return metered;
        }
      }
      // The client left mid-stream (or stopped reading); the answer was computed in full, so it is metered in full.
      return gone;
    },

    async embeddings(ctx: CallContext, body: EmbeddingsRequest, model: ResolvedModel): Promise<Metered> {
      const result = offlineEmbeddingResponse(embedderFor, body, model);
      const metered = { status: 200, promptTokens: result.promptTokens, completionTokens: 0, error: null };
      // Computed while sent: a client that stops reading stops the work too.
      return (await sendJsonParts(ctx.res, 200, result.parts)) ? metered : { ...metered, status: 499, error: 'client_closed' };
    },
  };
}
