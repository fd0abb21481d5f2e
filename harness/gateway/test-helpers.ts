import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Socket } from 'node:net';
import { SAFETY_NET_MS } from '../../test/test-helpers';

/** Test-only helpers: raw HTTP to a gateway over TCP or a Unix socket. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: () => any;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  socketPath?: string;
  port?: number;
}

export function raw(options: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        method: options.method ?? 'POST',
        path: options.path,
        headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
        ...(options.socketPath ? { socketPath: options.socketPath } : { host: '127.0.0.1', port: options.port }),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(SAFETY_NET_MS, () => req.destroy(new Error('test request timed out')));
    if (options.body !== undefined) req.end(options.body);
    else req.end();
  });
}

/**
 * Writes raw bytes on a TCP connection and resolves with whatever comes back before the server closes or
 * the wait ends (by default a safety net only: callers that expect a reply rely on the server closing).
 */
export function rawSocket(port: number, bytes: string | Buffer, waitMs = SAFETY_NET_MS, destroyAfterWrite = false): Promise<string> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const chunks: Buffer[] = [];
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', done);
    socket.on('error', done);
    socket.connect(port, '127.0.0.1', () => {
      socket.write(bytes, () => {
        if (destroyAfterWrite) done();
      });
    });
  });
}

export const CONTEXT = [
  '[billing-02] Refund policy',
  'Customers on the Pro plan may request a refund within 30 days of purchase. Refunds go to the original payment method.',
  '',
  '[ops-03] Uptime',
  'The service level objective is 99.9% monthly uptime.',
].join('\n');

export function ragMessages(question: string): Array<{ role: string; content: string }> {
  return [
    { role: 'system', content: 'Answer from the context only and cite document ids.' },
    { role: 'user', content: `Context:\n${CONTEXT}\n\nQuestion: ${question}` },
  ];
}

/** Parses an SSE body into its data payloads. */
export function sseData(text: string): string[] {
  return text
    .split('\n\n')
    .map((block) => block.trim())
    .filter((block) => block.startsWith('data:'))
    .map((block) => block.slice(5).trim());
}
