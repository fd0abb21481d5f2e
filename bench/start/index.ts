/**
 * Time to first line of `takehome kit`, `key` and `grade` for each exercise
 * (issue 10: "print their first line within a second"), measured on the CLI
 * as a user runs it: `node bin/takehome.mjs ...` in a fresh process, from
 * spawn to the first byte on stdout or stderr. The process is stopped at its
 * first line: what follows (the data, the grade) is not what this measures.
 *
 *   npm run bench -- start            (BENCH_START_RUNS=5 for more runs)
 *
 * Beside wall time it reads the process's CPU time at that moment
 * (/proc/PID/stat): on a loaded machine wall time stretches with the load,
 * CPU time much less, so it is the estimate of wall time on an idle machine.
 * Baselines: `node -e 0` (any Node process) and `takehome --version` (tsx and
 * the CLI's wiring, no command run).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitIdentityText } from '../../harness/kit/identity';
import { deriveCandidateSeed } from '../../harness/secrets';
import { type BenchContext, type BenchMetric, type BenchReport, percentile } from '../types';

const GOAL_MS = 1000;
const SECRET = 'bench-start-secret-0123456789abcdef';
const CANDIDATE = 'ada-lovelace';
/** Clock ticks per second of /proc/PID/stat (getconf CLK_TCK: 100 on Linux). */
const CLK_TCK = 100;

interface FirstLine {
  wallMs: number;
  /** CPU time (user + system, all threads) when the first line arrived; null where /proc is not readable. */
  cpuMs: number | null;
  line: string;
}

function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return null;
  }
}

/** Spawn ARGS, wait for the first output, stop the process (and anything it started), return the timings. */
function firstLine(cmd: string, args: string[], cwd: string): Promise<FirstLine> {
  return new Promise((done, fail) => {
    const start = performance.now();
    const child = spawn(cmd, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', TAKEHOME_SECRET: SECRET } });
    let result: FirstLine | undefined;
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (result || !child.pid) return;
      result = { wallMs: performance.now() - start, cpuMs: cpuMs(child.pid), line: output.split('\n')[0] ?? '' };
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', fail);
    child.on('close', (code) => (result ? done(result) : fail(new Error(`${args.join(' ')} exited ${code} without output`))));
  });
}

export async function run(ctx: BenchContext): Promise<BenchReport> {
  const runs = Number(process.env.BENCH_START_RUNS ?? 3);
  const scratch = mkdtempSync(join(tmpdir(), 'takehome-bench-start-'));
  const bin = join(ctx.root, 'bin', 'takehome.mjs');
  const metrics: BenchMetric[] = [];
  const notes: string[] = [];
  try {
    const measure = async (name: string, cmd: string, args: (i: number) => string[], goal: boolean) => {
      const samples: FirstLine[] = [];
      for (let i = 0; i < runs; i++) samples.push(await firstLine(cmd, args(i), ctx.root));
      const wall = percentile(
        samples.map((s) => s.wallMs),
        50,
      );
      const cpu = samples.every((s) => s.cpuMs !== null)
        ? percentile(
            samples.map((s) => s.cpuMs ?? 0),
            50,
          )
        : undefined;
      ctx.log(`${name}: ${samples.map((s) => s.wallMs.toFixed(0)).join(', ')} ms wall; first line: ${samples[0]?.line.slice(0, 140)}`);
      metrics.push({ name: `${name}: first line (median wall)`, value: Math.round(wall), unit: 'ms', ...(goal ? { goal: `< ${GOAL_MS} ms`, pass: wall < GOAL_MS } : {}) });
      if (cpu !== undefined) metrics.push({ name: `${name}: CPU time at first line (median)`, value: Math.round(cpu), unit: 'ms', ...(goal ? { goal: `< ${GOAL_MS} ms`, pass: cpu < GOAL_MS } : {}) });
    };

    await measure('node -e 0 (baseline)', process.execPath, () => ['-e', 'process.stdout.write("x\\n")'], false);
    await measure('takehome --version (baseline)', process.execPath, () => [bin, '--version'], false);
    for (const exercise of ['rag', 'ml']) {
      // A submission that is just the kit's identity file: grade reads it (candidate, exercise, variant) before its first line.
      const submission = join(scratch, `submission-${exercise}`);
      mkdirSync(submission);
      writeFileSync(join(submission, 'takehome.kit.json'), kitIdentityText(deriveCandidateSeed(SECRET, exercise, CANDIDATE)));
      for (const command of ['kit', 'key'] as const) {
        await measure(`${command} ${exercise}`, process.execPath, (i) => [bin, command, exercise, '--candidate', CANDIDATE, '--out', join(scratch, `${command}-${exercise}-${i}`)], true);
      }
      await measure(`grade ${exercise} (folder with takehome.kit.json)`, process.execPath, (i) => [bin, 'grade', submission, '--out', join(scratch, `grade-${exercise}-${i}`)], true);
    }
    notes.push(
      `${runs} runs each, median; each process is stopped at its first line. Wall time stretches with the machine's load (see loadavg in the result file); CPU time at the first line is close to the wall time on an idle machine.`,
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { metrics, notes };
}
