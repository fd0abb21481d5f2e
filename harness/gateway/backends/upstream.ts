import type { ServerResponse } from 'node:http';
import { countChatTokens, countTokens } from '../../providers/offline/tokens';
import { sendJsonBuffered, startEventStream, waitDrain } from '../http';
import { GatewayHttpError } from '../openai-errors';
import { messageText, type ChatRequest, type EmbeddingsRequest } from '../schemas';
import { scrubSecret } from './scrub';
import type { Backend, CallContext, Metered, ResolvedModel } from './types';

export interface UpstreamOptions {
  /** An OpenAI-compatible base URL, e.g. https://api.example.com/v1. */
  baseURL: string;
  /** The interviewer's key. Sent upstream only; never to the client, the trace or a log. */
  apiKey: string;
  /** Per upstream call. Default 120 s. */
  timeoutMs?: number;
  /** Largest upstream response body read for a non-streamed call. Default 32 MiB. */
  maxResponseBytes?: number;
}

interface UpstreamUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
}

function usageOf(value: unknown): UpstreamUsage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const usage = (value as { usage?: unknown }).usage;
  if (typeof usage !== 'object' || usage === null) return undefined;
  const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
  const { prompt_tokens: prompt, completion_tokens: completion } = usage as Record<string, unknown>;
  return { prompt_tokens: count(prompt), completion_tokens: count(completion) };
}

/** Forwards to any OpenAI-compatible API with the interviewer's key, mapping model names and metering usage. */
export function createUpstreamBackend(options: UpstreamOptions): Backend {
  const baseURL = options.baseURL.replace(/\/+$/, '');
  const key = options.apiKey;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const maxResponseBytes = options.maxResponseBytes ?? 32 * 1024 * 1024;
  const scrub = (text: string): string => scrubSecret(text, key);

  async function post(ctx: CallContext, path: string, body: unknown): Promise<Response> {
    try {
      return await fetch(`${baseURL}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify(body),
        signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]),
        redirect: 'error',
      });
    } catch (error) {
      if (ctx.signal.aborted) throw new GatewayHttpError(499, 'The client closed the connection', { code: 'client_closed' });
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      throw new GatewayHttpError(502, scrub(`Upstream request failed: ${(error as Error).message}${cause ? ` (${cause})` : ''}`), { type: 'upstream_error', code: 'upstream_unreachable' });
    }
  }

  async function readText(response: Response): Promise<string> {
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxResponseBytes) throw new GatewayHttpError(502, 'Upstream response too large', { type: 'upstream_error', code: 'upstream_too_large' });
    const text = await response.text();
    if (text.length > maxResponseBytes) throw new GatewayHttpError(502, 'Upstream response too large', { type: 'upstream_error', code: 'upstream_too_large' });
    return text;
  }

  /** A 2xx body, key scrubbed, parsed as JSON; anything else is the upstream's fault (502). */
  async function readUpstreamJson(response: Response): Promise<unknown> {
    const text = scrub(await readText(response));
    try {
      return JSON.parse(text);
    } catch {
      throw new GatewayHttpError(502, 'Upstream returned a body that is not JSON', { type: 'upstream_error', code: 'upstream_bad_body' });
    }
  }

  /** An upstream non-2xx becomes an OpenAI-style error with the key scrubbed; auth and server trouble are ours, not the client's. */
  async function upstreamError(response: Response): Promise<GatewayHttpError> {
    const text = scrub((await response.text().catch(() => '')).slice(0, 4096));
    let message = text;
    let code: string | null = null;
    let type = 'upstream_error';
    try {
      const parsed = JSON.parse(text) as { error?: { message?: unknown; code?: unknown; type?: unknown } };
      if (typeof parsed.error?.message === 'string') message = parsed.error.message;
      if (typeof parsed.error?.code === 'string') code = parsed.error.code;
      if (typeof parsed.error?.type === 'string') type = parsed.error.type;
    } catch {
      // Not JSON: keep the (scrubbed) text.
    }
    const clientFault = response.status === 400 || response.status === 404 || response.status === 413 || response.status === 422 || response.status === 429;
    const status = clientFault ? response.status : 502;
    return new GatewayHttpError(status, scrub(`Upstream returned ${response.status}: ${message || response.statusText}`), {
      type: clientFault ? type : 'upstream_error',
      code: code ?? `upstream_${response.status}`,
    });
  }

  async function relayStream(ctx: CallContext, response: Response, clientWantsUsage: boolean, promptTokens: number): Promise<Metered> {
    const res: ServerResponse = ctx.res;
    startEventStream(res);
    let usage: UpstreamUsage | undefined;
    let completionText = '';
    let buffer = '';
    const decoder = new TextDecoder();
    const forward = (line: string): void => {
      if (!line.startsWith('data:')) {
        if (line.trim() !== '') res.write(`${scrub(line)}\n`);
        return;
      }
      const data = line.slice(5).trim();
      if (data !== '[DONE]') {
        try {
          const chunk = JSON.parse(data) as { choices?: Array<{ delta?: { content?: unknown } }> };
          usage = usageOf(chunk) ?? usage;
          for (const choice of chunk.choices ?? []) if (typeof choice.delta?.content === 'string') completionText += choice.delta.content;
          // We asked upstream for usage to meter it; a client that did not ask does not get the extra chunk.
          if (!clientWantsUsage && usageOf(chunk) && (chunk.choices?.length ?? 0) === 0) return;
        } catch {
          // Not JSON: relay as is.
        }
      }
      res.write(`data: ${scrub(data)}\n\n`);
    };
    try {
      for await (const part of response.body as unknown as AsyncIterable<Uint8Array>) {
        if (res.destroyed) break;
        buffer += decoder.decode(part, { stream: true });
        let newline = buffer.indexOf('\n');
        while (newline >= 0) {
          const line = buffer.slice(0, newline).replace(/\r$/, '');
          buffer = buffer.slice(newline + 1);
          if (line !== '') forward(line);
          newline = buffer.indexOf('\n');
        }
        // Backpressure: the next upstream chunk is read only once the client took this one.
        if (!(await waitDrain(res))) break;
      }
      if (buffer.trim() !== '') forward(buffer.trim());
    } catch (error) {
      if (!ctx.signal.aborted && !res.destroyed) {
        res.write(
          `data: ${JSON.stringify(new GatewayHttpError(502, scrub(`Upstream stream failed: ${(error as Error).message}`), { type: 'upstream_error', code: 'upstream_stream_failed' }).body())}\n\n`,
        );
      }
    }
    const closedEarly = ctx.signal.aborted || res.destroyed;
    if (!res.writableEnded) res.end();
    return {
      status: closedEarly ? 499 : 200,
      promptTokens: usage?.prompt_tokens ?? promptTokens,
      completionTokens: usage?.completion_tokens ?? countTokens(completionText),
      error: closedEarly ? 'client_closed' : null,
    };
  }

  return {
    kind: 'upstream',

    async chat(ctx: CallContext, body: ChatRequest, model: ResolvedModel): Promise<Metered> {
      const localPrompt = (): number => countChatTokens(body.messages.map((m) => ({ role: m.role, content: messageText(m), name: m.name })));
      const outgoing: Record<string, unknown> = { ...body, model: model.backendModel };
      if (body.stream) outgoing.stream_options = { ...(body.stream_options ?? {}), include_usage: true };
      const response = await post(ctx, '/chat/completions', outgoing);
      if (!response.ok) throw await upstreamError(response);
      if (body.stream) return relayStream(ctx, response, body.stream_options?.include_usage === true, localPrompt());
      const parsed = await readUpstreamJson(response);
      const usage = usageOf(parsed);
      const choices = (parsed as { choices?: Array<{ message?: { content?: unknown } }> }).choices ?? [];
      const completion = choices.map((c) => (typeof c.message?.content === 'string' ? c.message.content : '')).join('');
      const metered = { status: 200, promptTokens: usage?.prompt_tokens ?? localPrompt(), completionTokens: usage?.completion_tokens ?? countTokens(completion), error: null };
      // Sent with backpressure; upstream charged it either way, so a client that left is metered in full.
      return (await sendJsonBuffered(ctx.res, 200, parsed)) ? metered : { ...metered, status: 499, error: 'client_closed' };
    },

    async embeddings(ctx: CallContext, body: EmbeddingsRequest, model: ResolvedModel): Promise<Metered> {
      const response = await post(ctx, '/embeddings', { ...body, model: model.backendModel });
      if (!response.ok) throw await upstreamError(response);
      const parsed = await readUpstreamJson(response);
      const local = (): number => {
        const input = body.input;
        if (typeof input === 'string') return countTokens(input);
        if (typeof input[0] === 'number') return input.length;
        if (Array.isArray(input[0])) return (input as number[][]).reduce((s, ids) => s + ids.length, 0);
        return (input as string[]).reduce((s, t) => s + countTokens(t), 0);
      };
      const metered = { status: 200, promptTokens: usageOf(parsed)?.prompt_tokens ?? local(), completionTokens: 0, error: null };
      return (await sendJsonBuffered(ctx.res, 200, parsed)) ? metered : { ...metered, status: 499, error: 'client_closed' };
    },
  };
}
