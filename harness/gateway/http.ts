import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayHttpError } from './openai-errors';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The request body, at most maxBytes. A declared or actual size over the cap
 * is a 413; a client that goes away mid-body rejects with a 499-like error
 * that the caller only records (nobody is left to answer).
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      reject(tooLarge(maxBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error: Error | undefined, body?: Buffer): void => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (error) reject(error);
      else resolve(body!);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        finish(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(undefined, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    const onError = (error: Error): void => finish(new GatewayHttpError(400, `Could not read the request body: ${error.message}`, { code: 'bad_body' }));
    const onClose = (): void => finish(new GatewayHttpError(499, 'The client closed the connection before the body was complete', { code: 'client_closed' }));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

function tooLarge(maxBytes: number): GatewayHttpError {
  return new GatewayHttpError(413, `Request body too large: the limit is ${maxBytes} bytes`, { code: 'request_too_large' });
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export function sendError(res: ServerResponse, error: GatewayHttpError): void {
  sendJson(res, error.status, error.body(), error.headers);
}

/** The bearer token of an Authorization header, or undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Server-sent events in OpenAI's framing: `data: <json>\n\n`, ending with `data: [DONE]`. */
export function startEventStream(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.flushHeaders();
}

export function writeEvent(res: ServerResponse, data: unknown): boolean {
  if (res.destroyed || res.writableEnded) return false;
  res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  return true;
}
