import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Price } from '../config';
import type { ChatRequest, EmbeddingsRequest } from '../schemas';

/** A model name the candidate asked for, resolved through the model map. */
export interface ResolvedModel {
  /** The allowed name the client used, e.g. gpt-4o-mini. */
  name: string;
  kind: 'chat' | 'embedding';
  /** The backend's id for it, e.g. offline-extractive or the upstream id. */
  backendModel: string;
  price: Price;
}

export interface CallContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

/** What the gateway meters for one call. The backend has written the response by the time it returns. */
export interface Metered {
  status: number;
  promptTokens: number;
  completionTokens: number;
  /** An error code for the trace (e.g. client_closed, upstream_error), null when the call succeeded. */
  error: string | null;
}

/**
 * A backend answers one validated request by writing the HTTP response
 * itself (so streaming needs no extra layer) and returns what to meter. It
 * throws a GatewayHttpError only before it has written anything.
 */
export interface Backend {
  readonly kind: 'offline' | 'upstream';
  chat(ctx: CallContext, body: ChatRequest, model: ResolvedModel): Promise<Metered>;
  embeddings(ctx: CallContext, body: EmbeddingsRequest, model: ResolvedModel): Promise<Metered>;
}
