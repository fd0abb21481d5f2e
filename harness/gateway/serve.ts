import { UsageError } from '../errors';
import { loadModelMap, loadPriceTable } from './config';
import type { RunUsage } from './runs';
import { startGateway, type GatewayOptions } from './server';

/** Flags of `takehome gateway`, as commander hands them over (strings). */
export interface GatewayCliFlags {
  backend?: string;
  port?: string;
  host?: string;
  socket?: string;
  models?: string;
  prices?: string;
  trace?: string;
  budgetTokens?: string;
  budgetUsd?: string;
  upstreamUrl?: string;
  label?: string;
  json?: boolean;
}

export interface GatewayCliPlan {
  gateway: Omit<GatewayOptions, 'models' | 'prices'> & { modelsFile?: string; pricesFile?: string };
  run: { label: string; budget: { tokens?: number; costUsd?: number } };
}

function number(flag: string, value: string, integer: boolean, min: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} must be ${integer ? 'an integer' : 'a number'} >= ${min}, got "${value}"`, { hint: `e.g. ${flag} ${integer ? '100000' : '0.50'}` });
  }
  return n;
}

/** Flags and environment to gateway options; pure, so it is tested without starting anything. */
export function planGateway(flags: GatewayCliFlags, env: Readonly<Record<string, string | undefined>>): GatewayCliPlan {
  const backend = flags.backend ?? 'offline';
  if (backend !== 'offline' && backend !== 'upstream') throw new UsageError(`--backend must be offline or upstream, got "${backend}"`);
  if (flags.socket !== undefined && flags.port !== undefined) throw new UsageError('use --port or --socket, not both');
  const port = number('--port', flags.port ?? '0', true, 0);
  if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
  const listen = flags.socket !== undefined ? { socketPath: flags.socket } : { port, host: flags.host ?? '127.0.0.1' };
  const gateway: GatewayCliPlan['gateway'] = { backend, listen };
  if (flags.models) gateway.modelsFile = flags.models;
  if (flags.prices) gateway.pricesFile = flags.prices;
  if (flags.trace) gateway.tracePath = flags.trace;
  if (backend === 'upstream') {
    const baseURL = flags.upstreamUrl ?? env.TAKEHOME_UPSTREAM_URL;
    const apiKey = env.TAKEHOME_UPSTREAM_API_KEY;
    if (!baseURL) throw new UsageError('the upstream backend needs --upstream-url (or TAKEHOME_UPSTREAM_URL)', { hint: 'e.g. --upstream-url https://api.openai.com/v1' });
    if (!/^https?:\/\//.test(baseURL)) throw new UsageError(`--upstream-url must be an http(s) URL, got "${baseURL}"`);
    if (!apiKey) throw new UsageError('the upstream backend needs TAKEHOME_UPSTREAM_API_KEY in the environment', { hint: 'export TAKEHOME_UPSTREAM_API_KEY=... (it is never printed or logged)' });
    gateway.upstream = { baseURL, apiKey };
  } else if (flags.upstreamUrl) {
    throw new UsageError('--upstream-url needs --backend upstream');
  }
  const budget: GatewayCliPlan['run']['budget'] = {};
  if (flags.budgetTokens !== undefined) budget.tokens = number('--budget-tokens', flags.budgetTokens, true, 0);
  if (flags.budgetUsd !== undefined) budget.costUsd = number('--budget-usd', flags.budgetUsd, false, 0);
  return { gateway, run: { label: flags.label ?? 'cli', budget } };
}

export interface ServeIo {
  env: Readonly<Record<string, string | undefined>>;
  write: (line: string) => void;
  /** Resolves when the gateway should stop (SIGINT / SIGTERM in the CLI). */
  untilStopped: () => Promise<string>;
}

/** Starts the gateway with one run, prints how to reach it, serves until told to stop, returns the run's usage. */
export async function serveGateway(flags: GatewayCliFlags, io: ServeIo): Promise<RunUsage> {
  const plan = planGateway(flags, io.env);
  const { modelsFile, pricesFile, ...options } = plan.gateway;
  const gw = await startGateway({ ...options, models: await loadModelMap(modelsFile), prices: await loadPriceTable(pricesFile) });
  const run = gw.createRun(plan.run);
  const listening = {
    event: 'listening',
    backend: gw.backend,
    url: gw.url,
    token: run.token,
    ...(gw.socketPath ? { socketPath: gw.socketPath } : { host: gw.host, port: gw.port }),
    models: gw.models,
    label: run.label,
    budget: plan.run.budget,
  };
  if (flags.json) io.write(JSON.stringify(listening));
  else {
    io.write(`takehome gateway (${gw.backend} backend${gw.backend === 'offline' ? ': a deterministic extractive baseline, not a language model' : ''}) listening on ${gw.url}`);
    io.write(`  OPENAI_BASE_URL=${gw.socketPath ? '(unix socket) ' : ''}${gw.url}`);
    io.write(`  OPENAI_API_KEY=${run.token}`);
    io.write(`  models: ${gw.models.join(', ')}`);
    io.write('  stop with Ctrl-C; usage is printed then');
  }
  const signal = await io.untilStopped();
  const usage = run.usage();
  await gw.close();
  if (flags.json) io.write(JSON.stringify({ event: 'stopped', signal, usage }));
  else {
    io.write(
      `stopped (${signal}): ${usage.requests} requests, ${usage.promptTokens} prompt + ${usage.completionTokens} completion tokens, $${usage.costUsd.toFixed(6)}, ${usage.rejected} rejected, ${usage.errors} errors`,
    );
  }
  return usage;
}
