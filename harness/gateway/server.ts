import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import { lstat, unlink } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ConfigError } from '../errors';
import { createOfflineBackend } from './backends/offline';
import type { Backend, Metered, ResolvedModel } from './backends/types';
import { createUpstreamBackend, type UpstreamOptions } from './backends/upstream';
import { checkPricesCoverModels, costUsd, loadModelMap, loadPriceTable, type ModelMap, type PriceTable } from './config';
import { bearerToken, DEFAULT_MAX_BODY_BYTES, readBody, sendError, sendJson } from './http';
import { GatewayHttpError, unauthorized } from './openai-errors';
import { GatewayRun, type CreateRunOptions } from './runs';
import { ChatRequestSchema, EmbeddingsRequestSchema, parseRequest } from './schemas';
import { TraceWriter, type TraceEntry } from './trace';

export type GatewayListen = { port: number; host?: string } | { socketPath: string };

export interface GatewayOptions {
  backend: 'offline' | 'upstream';
  listen: GatewayListen;
  /** Default: harness/gateway/models.yaml. */
  models?: ModelMap;
  /** Default: harness/gateway/prices.yaml. */
  prices?: PriceTable;
  upstream?: UpstreamOptions;
  /** Append one JSON line per request here. */
  tracePath?: string;
  /** Default 1 MiB. */
  maxBodyBytes?: number;
}

/** Connections open at once; more are refused by the server (a flood cannot hold unbounded sockets and buffers). */
export const MAX_CONNECTIONS = 64;
/** Model calls worked on at once; later ones wait their turn before their body is read. */
export const MAX_CONCURRENT_CALLS = 16;

export interface Gateway {
  /** http://HOST:PORT/v1 on TCP; the socket path on a Unix socket. */
  readonly url: string;
  readonly backend: 'offline' | 'upstream';
  readonly host: string | undefined;
  readonly port: number | undefined;
  readonly socketPath: string | undefined;
  /** The model names a client may ask for on this backend. */
  readonly models: readonly string[];
  createRun(options: CreateRunOptions): GatewayRun;
  close(): Promise<void>;
}

type Route = 'chat' | 'embeddings' | 'models' | 'model';

function route(path: string): Route | undefined {
  if (path === '/v1/chat/completions') return 'chat';
  if (path === '/v1/embeddings') return 'embeddings';
  if (path === '/v1/models') return 'models';
  if (path.startsWith('/v1/models/')) return 'model';
  return undefined;
}

const METHOD: Record<Route, string> = { chat: 'POST', embeddings: 'POST', models: 'GET', model: 'GET' };

/** The model table for one backend: allowed name -> backend id and price. */
function resolveModels(models: ModelMap, prices: PriceTable, backend: 'offline' | 'upstream'): Map<string, ResolvedModel> {
  const table = new Map<string, ResolvedModel>();
  for (const [name, entry] of Object.entries(models.models)) {
    const backendModel = backend === 'offline' ? entry.offline : entry.upstream;
    if (backendModel === undefined) continue;
    table.set(name, { name, kind: entry.kind, backendModel, price: prices.models[name]! });
  }
  return table;
}

async function removeStaleSocket(path: string): Promise<void> {
  const stat = await lstat(path).catch(() => undefined);
  if (!stat) return;
  if (!stat.isSocket()) throw new ConfigError(`${path} exists and is not a socket`, { hint: 'choose another --socket path' });
  await unlink(path);
}

/** Starts the metering gateway. Resolves once it listens. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const models = options.models ?? (await loadModelMap());
  const prices = options.prices ?? (await loadPriceTable());
  checkPricesCoverModels(models, prices);
  let backend: Backend;
  if (options.backend === 'upstream') {
    if (!options.upstream?.baseURL || !options.upstream.apiKey) {
      throw new ConfigError('the upstream backend needs a base URL and an API key', { hint: 'pass --upstream-url and set TAKEHOME_UPSTREAM_API_KEY' });
    }
    backend = createUpstreamBackend(options.upstream);
  } else {
    backend = createOfflineBackend();
  }
  const table = resolveModels(models, prices, options.backend);
  if (table.size === 0) throw new ConfigError(`no model in the model map is available on the ${options.backend} backend`, { hint: 'give models an `upstream:` id' });
  const allowed = [...table.keys()];
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const runs = new Map<string, GatewayRun>();
  const trace = options.tracePath ? new TraceWriter(options.tracePath) : undefined;

  const modelObject = (id: string) => ({ id, object: 'model', created: 0, owned_by: 'takehome-gateway' });

  function resolve(name: string, kind: 'chat' | 'embedding'): ResolvedModel {
    const model = table.get(name);
    const ofKind = allowed.filter((n) => table.get(n)!.kind === kind);
    if (!model) {
      throw new GatewayHttpError(404, `The model '${name}' is not available on this gateway. Allowed ${kind} models: ${ofKind.join(', ')}`, { code: 'model_not_found', param: 'model' });
    }
    if (model.kind !== kind) {
      throw new GatewayHttpError(400, `The model '${name}' is a${model.kind === 'chat' ? ' chat' : 'n embedding'} model; this endpoint needs one of: ${ofKind.join(', ')}`, {
        code: 'model_not_supported',
        param: 'model',
      });
    }
    return model;
  }

  /** Read, check and answer one model call (under the concurrency limit). */
  async function call(
    which: 'chat' | 'embeddings',
    run: GatewayRun,
    req: IncomingMessage,
    res: ServerResponse,
    signal: AbortSignal,
    seen: { sha: string | null; stream: boolean; model: ResolvedModel | undefined },
  ): Promise<Metered> {
    const raw = await readBody(req, maxBodyBytes);
    seen.sha = createHash('sha256').update(raw).digest('hex');
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new GatewayHttpError(400, 'We could not parse the JSON body of your request: send valid JSON with Content-Type: application/json', { code: 'invalid_json' });
    }
    const ctx = { req, res, signal };
    if (which === 'chat') {
      const body = parseRequest(ChatRequestSchema, json);
      seen.stream = body.stream === true;
      seen.model = resolve(body.model, 'chat');
      run.checkBudget();
      return backend.chat(ctx, body, seen.model);
    }
    const body = parseRequest(EmbeddingsRequestSchema, json);
    seen.model = resolve(body.model, 'embedding');
    run.checkBudget();
    return backend.embeddings(ctx, body, seen.model);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0]!;
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    let run: GatewayRun | undefined;
    let question: string | null = null;
    let model: ResolvedModel | undefined;
    let sha: string | null = null;
    let stream = false;
    let status = 200;
    let error: string | null = null;
    let promptTokens = 0;
    let completionTokens = 0;
    try {
      const which = route(path);
      if (!which) throw new GatewayHttpError(404, `Unknown path ${path}. This gateway serves POST /v1/chat/completions, POST /v1/embeddings and GET /v1/models`, { code: 'unknown_url' });
      if (req.method !== METHOD[which]) {
        throw new GatewayHttpError(405, `${req.method} is not allowed on ${path}; use ${METHOD[which]}`, { code: 'method_not_allowed', headers: { allow: METHOD[which] } });
      }
      const token = bearerToken(req);
      run = token === undefined ? undefined : runs.get(token);
      if (!run)
        throw unauthorized(
          token === undefined ? 'Missing bearer token: send Authorization: Bearer <the OPENAI_API_KEY you were given>' : 'Incorrect API key provided: this token is unknown or its run has ended',
        );
      question = run.currentQuestion;
      if (which === 'models') {
        sendJson(res, 200, { object: 'list', data: allowed.map(modelObject) });
        return;
      }
      if (which === 'model') {
        let id = path.slice('/v1/models/'.length);
        try {
          id = decodeURIComponent(id);
        } catch {
          // A malformed %-escape names no model; fall through to the 404.
        }
        if (!table.has(id)) throw new GatewayHttpError(404, `The model '${id}' does not exist on this gateway. Allowed: ${allowed.join(', ')}`, { code: 'model_not_found' });
        sendJson(res, 200, modelObject(id));
        return;
      }
      const active = run;
      const seen: { sha: string | null; stream: boolean; model: ResolvedModel | undefined } = { sha: null, stream: false, model: undefined };
      try {
        await calls(async () => {
          if (controller.signal.aborted) throw new GatewayHttpError(499, 'The client closed the connection while its call waited', { code: 'client_closed' });
          ({ status, error, promptTokens, completionTokens } = await call(which, active, req, res, controller.signal, seen));
        });
      } finally {
        ({ sha, stream, model } = seen);
      }
    } catch (caught) {
      const httpError = caught instanceof GatewayHttpError ? caught : new GatewayHttpError(500, 'The gateway failed on this request; it has been logged in the trace', { code: 'internal_error' });
      status = httpError.status;
      error = httpError.code ?? httpError.type;
      if (res.headersSent) {
        if (!res.writableEnded) res.end();
      } else if (status === 413) {
        // The rest of an oversized body is not worth reading: answer, then close the connection.
        sendError(res, new GatewayHttpError(413, httpError.message, { code: httpError.code, headers: { connection: 'close' } }));
        req.resume();
      } else if (status !== 499) {
        sendError(res, httpError);
      }
      if (status === 500 && process.env.TAKEHOME_DEBUG) process.stderr.write(`gateway: internal error on ${path}: ${(caught as Error).stack}\n`);
    } finally {
      const latencyMs = performance.now() - started;
      const entry: TraceEntry = {
        time: new Date().toISOString(),
        run: run?.label ?? null,
        question,
        endpoint: path.slice(0, 200),
        model: model?.name ?? null,
        backendModel: model?.backendModel ?? null,
        stream,
        status,
        error,
        promptTokens,
        completionTokens,
        costUsd: model ? costUsd(model.price, promptTokens, completionTokens) : 0,
        latencyMs: Math.round(latencyMs * 1000) / 1000,
        requestSha256: sha,
      };
      run?.record(entry, question);
      trace?.write(entry);
    }
  }

  const calls = pLimit(MAX_CONCURRENT_CALLS);
  const server: Server = createServer({ keepAliveTimeout: 10_000, requestTimeout: 120_000, headersTimeout: 30_000 }, (req, res) => {
    // Errors on a dead socket must never become unhandled 'error' events.
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    handle(req, res).catch(() => {
      if (!res.headersSent) sendError(res, new GatewayHttpError(500, 'The gateway failed on this request', { code: 'internal_error' }));
      else res.destroy();
    });
  });
  server.maxConnections = MAX_CONNECTIONS;
  server.on('clientError', (_error, socket: Socket) => {
    if (socket.writable && !socket.destroyed) {
      const body = JSON.stringify(new GatewayHttpError(400, 'Malformed HTTP request', { code: 'bad_request' }).body());
      socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    } else {
      socket.destroy();
    }
  });

  const listen = options.listen;
  if ('socketPath' in listen) await removeStaleSocket(listen.socketPath);
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    const done = (): void => {
      server.off('error', reject);
      resolvePromise();
    };
    if ('socketPath' in listen) server.listen(listen.socketPath, done);
    else server.listen(listen.port, listen.host ?? '127.0.0.1', done);
  });

  const address = server.address();
  const tcp = typeof address === 'object' && address !== null ? (address as AddressInfo) : undefined;
  const host = tcp ? (tcp.family === 'IPv6' ? `[${tcp.address}]` : tcp.address) : undefined;
  let closing: Promise<void> | undefined;

  return {
    url: tcp ? `http://${host}:${tcp.port}/v1` : (options.listen as { socketPath: string }).socketPath,
    backend: options.backend,
    host: tcp?.address,
    port: tcp?.port,
    socketPath: tcp ? undefined : (options.listen as { socketPath: string }).socketPath,
    models: allowed,
    createRun(runOptions: CreateRunOptions): GatewayRun {
      const run = new GatewayRun(runOptions, (closed) => runs.delete(closed.token));
      runs.set(run.token, run);
      return run;
    },
    close(): Promise<void> {
      closing ??= (async () => {
        for (const run of [...runs.values()]) run.close();
        await new Promise<void>((resolvePromise) => {
          server.close(() => resolvePromise());
          server.closeAllConnections();
        });
        await trace?.close();
      })();
      return closing;
    },
  };
}
