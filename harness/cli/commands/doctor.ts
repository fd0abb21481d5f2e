import type { Command } from 'commander';
import type { HostCheck } from '../../exercise';
import { act, type CliContext } from '../context';

const MIN_NODE_MAJOR = 20;

/** The generic host checks: Node's version, and a sandboxed run of `true` (the mode it gets, and why). */
async function hostChecks(): Promise<HostCheck[]> {
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { runSandboxed } = await import('../../sandbox');
  const major = Number(process.versions.node.split('.')[0]);
  const checks: HostCheck[] = [
    {
      check: `Node ${MIN_NODE_MAJOR} or later`,
      ok: major >= MIN_NODE_MAJOR,
      detail: `node ${process.versions.node} at ${process.execPath}`,
      ...(major >= MIN_NODE_MAJOR ? {} : { fix: `install Node ${MIN_NODE_MAJOR} or later, then npm ci` }),
    },
  ];
  const empty = await mkdtemp(join(tmpdir(), 'takehome-doctor-'));
  try {
    const run = await runSandboxed({ command: 'true', submissionDir: empty, mode: 'auto', limits: { wallMs: 60_000 } });
    await run.cleanup();
    const isolated = run.mode === 'isolated' && run.exitCode === 0;
    checks.push({
      check: 'the sandbox isolates candidate code',
      ok: isolated,
      detail: `${run.mode} (exit ${run.exitCode}); ${run.mechanisms.join(', ') || 'no mechanism'}${run.warnings.length ? `; ${run.warnings.join('; ')}` : ''}`,
      ...(isolated ? {} : { fix: 'grade as root on Linux with unshare, setpriv, prlimit, ip and mount (util-linux, iproute2); see harness/sandbox/README.md' }),
    });
  } catch (error) {
    checks.push({ check: 'the sandbox isolates candidate code', ok: false, detail: (error as Error).message, fix: 'see harness/sandbox/README.md' });
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
  return checks;
}

/**
 * `takehome doctor`: check the grading host and say what is missing. Generic checks
 * (Node, the sandbox), then each exercise's own (`Exercise.doctor`, read through the
 * exercise table), e.g. the ML exercise's Python packages inside the sandbox.
 */
export function doctorCommand(program: Command, context: CliContext): void {
  program
    .command('doctor')
    .description("check this machine can grade: Node, the sandbox's isolation, and what each exercise's submissions need inside it; exits 1 when something is missing")
    .option('--json', 'machine-readable output')
    .action(
      act(context, async (flags: { json?: boolean }) => {
        const { printResult } = await import('../output');
        const checks = (await hostChecks()).map((c) => ({ scope: 'host', ...c }));
        for (const [id, load] of Object.entries(context.exercises)) {
          const exercise = await load();
          for (const c of (await exercise.doctor?.()) ?? []) checks.push({ scope: id, ...c });
        }
        const missing = checks.filter((c) => !c.ok);
        printResult(context.io, flags, { ok: missing.length === 0, checks }, () =>
          [
            ...checks.map((c) => `${c.ok ? 'ok     ' : 'MISSING'} ${c.scope}: ${c.check}: ${c.detail}${c.ok || !c.fix ? '' : `\n        fix: ${c.fix}`}`),
            missing.length ? `${missing.length} check(s) failed: this machine cannot grade every submission the briefs allow` : 'this machine can grade every exercise',
          ].join('\n'),
        );
        return missing.length ? 1 : 0;
      }),
    );
}
