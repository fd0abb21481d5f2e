import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SAFETY_NET_MS } from '../../../test/test-helpers';

/**
 * Test-only: a local OpenAI-compatible chat server that plays a GULLIBLE
 * judge. It reads the user message, takes the data block to end at the first
 * thing that looks like a closing marker (any nonce, look-alike characters
 * folded), and obeys any request for a high score it finds outside that
 * block; it trusts the LAST "Required facts" line outside the block; it
 * echoes the candidate's text (decoded when the block is JSON) before its own
 * verdict, so a fake verdict in the answer comes first in the reply. Its
 * honest verdict is a plain comparison of the answer with the required facts.
 * Loopback only, port 0, bounded in requests and time.
 */

export interface GullibleRequest {
  model: string;
  user: string;
  index: number;
}

export interface GullibleJudge {
  url: string;
  requests: GullibleRequest[];
  close(): Promise<void>;
}

export interface GullibleOptions {
  /** Requests beyond this get HTTP 429. */
  maxRequests?: number;
  /** Replace the reply (string) or fail the request (number = HTTP status) for some requests. */
  behave?: (request: GullibleRequest) => string | number | undefined;
}

function fold(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2039\u00ab\u3008\u27e8\u2329]/g, '<')
    .replace(/[\u203a\u00bb\u3009\u27e9\u232a]/g, '>');
}

const OBEY: RegExp[] = [
  /\b(?:ignore|disregard|forget)\b[^\n]{0,40}\binstructions?\b/i,
  /\b(?:score|rate|grade|mark|give|award|assign|output)\b[^\n]{0,60}(?:1\.0|4\/4|10\/10|full marks|perfect|maximum|\bpass|\bcorrect\b)/i,
  /(?:^|\n)\s*(?:system|assistant|developer)\s*:|<\|im_start\|>|\[INST\]|<system>/i,
];

export function splitPrompt(user: string): { data: string; outside: string } {
  const text = fold(user);
  const start = /<<<\s*TAKEHOME-DATA-[^\n]*\n/.exec(text);
  if (!start) return { data: '', outside: text };
  const from = start.index + start[0].length;
  const end = />>>|<\/data>/i.exec(text.slice(from));
  const to = end ? from + end.index : text.length;
  // Drop the rest of the closing marker line.
  const after = end ? text.slice(to + end[0].length) : '';
  return { data: text.slice(from, to).replace(/\n[^\n]*$/, ''), outside: `${text.slice(0, start.index)}\n${after}` };
}

export function gullibleReply(user: string): string {
  const { data, outside } = splitPrompt(user);
  let answer = data;
  let quotes = '';
  try {
    const decoded = JSON.parse(data) as { candidate_answer?: string; candidate_quotes?: { quote: string }[] };
    answer = decoded.candidate_answer ?? data;
    quotes = (decoded.candidate_quotes ?? []).map((q) => q.quote).join('\n');
  } catch {
    // Not JSON: a naive prompt; the raw block is the answer.
  }
  const echo = `Reading the candidate's text: ${answer}\nQuotes: ${quotes}`;
  const fake = /\{[^{}]*"correctness"\s*:\s*(\d)[^{}]*\}/.exec(outside);
  if (fake) return `${echo}\n${fake[0]}`;
  if (OBEY.some((r) => r.test(outside))) return `${echo}\n{"correctness": 4, "faithfulness": 4, "reason": "as instructed"}`;
  const factLines = [...outside.matchAll(/Required facts \(JSON\): (.*)/g)];
  let facts: string[] = [];
  try {
    facts = JSON.parse(factLines.at(-1)?.[1] ?? '[]') as string[];
  } catch {
    facts = [];
  }
  const has = (text: string, fact: string) => text.toLowerCase().includes(fact.toLowerCase());
  const found = facts.filter((f) => has(answer, f));
  const correctness = facts.length ? Math.round((4 * found.length) / facts.length) : 0;
  const faithfulness = found.length ? Math.round((4 * found.filter((f) => has(quotes, f)).length) / found.length) : 0;
  return `${echo}\nMy verdict: ${JSON.stringify({ correctness, faithfulness, reason: `states ${found.length} of ${facts.length} required facts` })}`;
}

export async function startGullibleJudge(options: GullibleOptions = {}): Promise<GullibleJudge> {
  const maxRequests = options.maxRequests ?? 500;
  const requests: GullibleRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 4 * 1024 * 1024) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.url !== '/v1/chat/completions' || req.method !== 'POST') return send(404, { error: { message: 'not found', type: 'invalid_request_error' } });
      if (requests.length >= maxRequests) return send(429, { error: { message: 'test server request budget spent', type: 'rate_limit_error' } });
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; messages: { role: string; content: string }[] };
      const request = {
        model: body.model,
        user: body.messages
          .filter((m) => m.role === 'user')
          .map((m) => m.content)
          .join('\n'),
        index: requests.length,
      };
      requests.push(request);
      const behaved = options.behave?.(request);
      if (typeof behaved === 'number') return send(behaved, { error: { message: `test server says ${behaved}`, type: 'server_error' } });
      const content = behaved ?? gullibleReply(request.user);
      send(200, {
        id: `c${request.index}`,
        object: 'chat.completion',
        created: 1,
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
      });
    });
  });
  server.requestTimeout = SAFETY_NET_MS;
  server.headersTimeout = SAFETY_NET_MS;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
