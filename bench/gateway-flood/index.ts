import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway } from '../../harness/gateway';
import type { BenchContext, BenchReport } from '../types';

/**
 * A submission floods the gateway with the largest embedding requests it can
 * send and never reads a byte of the answers: the grader's resident memory
 * (the gateway runs in the grader's process) must stay under 1 GiB (issue 11).
 *
 * The flood comes from a child process over the gateway's Unix socket, as from
 * the sandbox: WAVES waves of CONNECTIONS connections, each sending one
 * request of 2,048 inputs (about 1 MiB of body) and then reading nothing.
 * Two kinds of request: at 8,192 dimensions (the attack, ~89 MB of
 * base64 each; now refused as too large) and at the largest dimension the cap
 * lets through (~30 MB of base64 each). The bench samples the grader's RSS
 * every 50 ms while the flood lasts.
 */
const CONNECTIONS = 100;
const WAVES = 3;
const HOLD_MS = 20_000;

const FLOODER = `
const net = require('node:net');
const [socketPath, token, dims, connections, waves, holdMs] = process.argv.slice(1);
const input = Array.from({ length: 2048 }, (_, i) => 'word' + i + ' ' + 'lorem ipsum dolor sit amet '.repeat(16));
const body = JSON.stringify({ model: 'text-embedding-3-small', input, dimensions: Number(dims), encoding_format: 'base64' });
const request = 'POST /v1/embeddings HTTP/1.1\\r\\nhost: x\\r\\nauthorization: Bearer ' + token + '\\r\\ncontent-type: application/json\\r\\ncontent-length: ' + Buffer.byteLength(body) + '\\r\\n\\r\\n' + body;
const sockets = [];
let wave = 0;
function flood() {
  for (let i = 0; i < Number(connections); i++) {
    const s = net.connect(socketPath);
    s.on('error', () => undefined);
    s.on('connect', () => { s.pause(); s.write(request); });
    sockets.push(s);
  }
  wave += 1;
  if (wave < Number(waves)) setTimeout(flood, 2000);
  else setTimeout(() => { for (const s of sockets) s.destroy(); process.exit(0); }, Number(holdMs));
}
flood();
`;

async function floodOnce(dims: number, log: (line: string) => void): Promise<{ baselineMb: number; peakMb: number; served: number; cutOff: number; refused: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'takehome-bench-flood-'));
  const gw = await startGateway({ backend: 'offline', listen: { socketPath: join(dir, 'gw.sock') } });
  const run = gw.createRun({ label: 'flood' });
  try {
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const child = spawn(process.execPath, ['-e', FLOODER, join(dir, 'gw.sock'), run.token, String(dims), String(CONNECTIONS), String(WAVES), String(HOLD_MS)], { stdio: 'ignore' });
    await new Promise<void>((resolve) => child.on('exit', () => resolve()));
    clearInterval(timer);
    const calls = run.usage().unattributed.calls;
    const count = (f: (status: number) => boolean) => calls.filter((c) => f(c.status)).length;
    const result = { baselineMb: baseline / 1024 / 1024, peakMb: peak / 1024 / 1024, served: count((s) => s === 200), cutOff: count((s) => s === 499), refused: count((s) => s !== 200 && s !== 499) };
    log(`${dims} dims: ${calls.length} calls metered (${result.served} answered, ${result.cutOff} cut off, ${result.refused} refused), peak RSS ${result.peakMb.toFixed(0)} MiB`);
    return result;
  } finally {
    run.close();
    await gw.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function run(ctx: BenchContext): Promise<BenchReport> {
  const metrics: BenchReport['metrics'] = [];
  for (const dims of [8192, 2900]) {
    const r = await floodOnce(dims, ctx.log);
    metrics.push(
      { name: `${dims} dims: grader RSS before`, value: Math.round(r.baselineMb), unit: 'MiB' },
      { name: `${dims} dims: grader RSS peak during the flood`, value: Math.round(r.peakMb), unit: 'MiB', goal: '< 1024 MiB', pass: r.peakMb < 1024 },
      { name: `${dims} dims: calls answered in full`, value: r.served, unit: 'calls' },
      { name: `${dims} dims: calls cut off (client never read, then left)`, value: r.cutOff, unit: 'calls' },
      { name: `${dims} dims: calls refused (400 response_too_large)`, value: r.refused, unit: 'calls' },
    );
  }
  return {
    metrics,
    notes: [
      `${WAVES} waves of ${CONNECTIONS} connections 2 s apart, each one request of 2,048 inputs (~1 MiB body, base64), nothing read; the flood is held ${HOLD_MS / 1000} s, then the client closes`,
      'the gateway runs in this process, as in a grade; RSS sampled every 50 ms',
      `at most ${64} connections are accepted at once and ${16} calls are worked on at once; the rest wait unread (harness/gateway/server.ts)`,
    ],
  };
}
