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

/** A client that reads nothing of a response for this long is cut off (its connection destroyed). */
export const DRAIN_TIMEOUT_MS = 30_000;
/** Bodies are handed to the socket in slices this big, each only once the previous one was taken. */
const SLICE_BYTES = 64 * 1024;

/**
 * Wait until the socket has taken what was written (`drain`): true then,
 * false when the client went away or read nothing for DRAIN_TIMEOUT_MS (the
 * connection is destroyed). So an unread response is never buffered in the
 * gateway beyond one slice.
 */
export function waitDrain(res: ServerResponse): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  if (!res.writableNeedDrain) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = (): void => done(true);
    const onClose = (): void => done(false);
    const timer = setTimeout(() => {
      res.destroy();
      done(false);
    }, DRAIN_TIMEOUT_MS);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

/** Write one piece, then wait for the socket to take it if its buffer is full; false once the client is gone. */
export async function writeChunk(res: ServerResponse, chunk: string | Buffer): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return false;
  if (res.write(chunk)) return true;
  return waitDrain(res);
}

/** Small JSON bodies (errors, model lists): written at once. */
export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/**
 * A JSON body built piece by piece (`parts` is consumed lazily: the next piece
 * is made only once the socket took the previous ones), chunked. Resolves
 * true once sent, false when the client went away or stopped reading.
 */
export async function sendJsonParts(res: ServerResponse, status: number, parts: Iterable<string>, headers: Record<string, string> = {}): Promise<boolean> {
  if (res.headersSent || res.destroyed) return false;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  let pending = '';
  const flush = async (): Promise<boolean> => {
    // Bytes, not string slices: a slice could cut a surrogate pair in two.
    const bytes = Buffer.from(pending, 'utf8');
    pending = '';
    for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
      if (!(await writeChunk(res, bytes.subarray(at, at + SLICE_BYTES)))) return false;
    }
    return true;
  };
  for (const part of parts) {
    pending += part;
    if (pending.length >= SLICE_BYTES && !(await flush())) return false;
  }
  if (pending && !(await flush())) return false;
  if (res.destroyed) return false;
  res.end();
  return true;
}

/** A big JSON body already in memory (an upstream response): sent in slices with backpressure. */
export async function sendJsonBuffered(res: ServerResponse, status: number, value: unknown): Promise<boolean> {
  if (res.headersSent || res.destroyed) return false;
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length });
  for (let at = 0; at < body.length; at += SLICE_BYTES) {
    if (!(await writeChunk(res, body.subarray(at, at + SLICE_BYTES)))) return false;
  }
  res.end();
  return true;
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

/** One server-sent event; waits while the client is not reading. False once it is gone. */
export async function writeEvent(res: ServerResponse, data: unknown): Promise<boolean> {
  return writeChunk(res, `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}
