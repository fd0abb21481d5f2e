import { createHash } from 'node:crypto';
import { completeOffline, streamPieces } from '../../providers/offline/complete';
import { OfflineEmbedder } from '../../providers/offline/embedder';
import { ExtractiveChat } from '../../providers/offline/extractive';
import { countTokens, decodeTokens } from '../../providers/offline/tokens';
import { offlineEmbeddingDimension } from '../config';
import { sendJson, startEventStream, writeEvent } from '../http';
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

export interface OfflineEmbeddingResult {
  response: Record<string, unknown>;
  promptTokens: number;
}

/** An embeddings response object, computed in-process. */
export function offlineEmbeddingResponse(embedderFor: (dimension: number) => OfflineEmbedder, body: EmbeddingsRequest, model: ResolvedModel): OfflineEmbeddingResult {
  const dimension = body.dimensions ?? offlineEmbeddingDimension(model.backendModel) ?? 512;
  const embedder = embedderFor(dimension);
  const { texts, tokens } = embeddingInputs(body);
  const base64 = body.encoding_format === 'base64';
  const data = texts.map((text, index) => {
    const vector = embedder.embedFloat64(text);
    return { object: 'embedding', index, embedding: base64 ? base64Of(vector) : Array.from(vector) };
  });
  return { response: { object: 'list', data, model: model.name, usage: { prompt_tokens: tokens, total_tokens: tokens } }, promptTokens: tokens };
}

/** A cache of embedders by dimension, so `dimensions` requests do not build a new one each time. */
export function embedderCache(): (dimension: number) => OfflineEmbedder {
  const cache = new Map<number, OfflineEmbedder>();
  return (dimension) => {
    let embedder = cache.get(dimension);
    if (!embedder) {
      embedder = new OfflineEmbedder({ dimension });
      cache.set(dimension, embedder);
    }
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
      const metered = { status: 200, promptTokens: result.promptTokens, completionTokens: result.completionTokens, error: null };
      if (!body.stream) {
        sendJson(ctx.res, 200, result.response);
        return metered;
      }
      const includeUsage = body.stream_options?.include_usage === true;
      const base = { id: result.response.id, object: 'chat.completion.chunk', created: result.response.created, model: model.name, system_fingerprint: FINGERPRINT };
      const chunk = (delta: Record<string, unknown>, finishReason: string | null) => ({
        ...base,
        choices: Array.from({ length: body.n ?? 1 }, (_, index) => ({ index, delta, logprobs: null, finish_reason: finishReason })),
        ...(includeUsage ? { usage: null } : {}),
      });
      startEventStream(ctx.res);
      let open = writeEvent(ctx.res, chunk({ role: 'assistant', content: '', refusal: null }, null));
      for (const piece of streamPieces(result.text)) {
        if (!open || ctx.signal.aborted) break;
        open = writeEvent(ctx.res, chunk({ content: piece }, null));
      }
      if (open && !ctx.signal.aborted) {
        writeEvent(ctx.res, chunk({}, result.finishReason));
        if (includeUsage) writeEvent(ctx.res, { ...base, choices: [], usage: result.response.usage });
        writeEvent(ctx.res, '[DONE]');
        ctx.res.end();
        return metered;
      }
      // The client left mid-stream; the answer was computed in full, so it is metered in full.
      return { ...metered, status: 499, error: 'client_closed' };
    },

    async embeddings(ctx: CallContext, body: EmbeddingsRequest, model: ResolvedModel): Promise<Metered> {
      const result = offlineEmbeddingResponse(embedderFor, body, model);
      sendJson(ctx.res, 200, result.response);
      return { status: 200, promptTokens: result.promptTokens, completionTokens: 0, error: null };
    },
  };
}
