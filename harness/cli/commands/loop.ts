import type { Command } from 'commander';
import { act, type CliContext } from '../context';

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `takehome loop init DIR`: a hiring loop, so later commands need no --secret-file, --out or --exercise. */
export function loopCommand(program: Command, context: CliContext): void {
  const loop = program.command('loop').description('a hiring loop: one folder with its config, secret, kits, submissions, results and reviews');
  loop
    .command('init')
    .description('create a hiring loop in DIR (new or empty): takehome.loop.yaml, a new secret readable by you only (unless --secret-file), and the folders kits/, submissions/, results/, reviews/')
    .argument('<dir>', 'the loop folder')
    .requiredOption('--exercises <ids>', `comma-separated exercises (${Object.keys(context.exercises).join(', ')})`)
    .option('--candidates <ids>', 'comma-separated candidate ids (more can be added to takehome.loop.yaml later)')
    .option('--interviewers <names>', 'comma-separated interviewer names')
    .option('--secret-file <file>', 'use this existing secret file instead of creating one in the loop')
    .option('--name <name>', 'a name for the loop')
    .option('--json', 'machine-readable output')
    .action(
      act(context, async (dir: string, flags: { exercises: string; candidates?: string; interviewers?: string; secretFile?: string; name?: string; json?: boolean }) => {
        const { UsageError } = await import('../../errors');
        const { initLoop } = await import('../../loop');
        const { printResult } = await import('../output');
        const known = Object.keys(context.exercises);
        const exercises = list(flags.exercises);
        const unknown = exercises.filter((e) => !known.includes(e));
        if (exercises.length === 0 || unknown.length)
          throw new UsageError(`--exercises ${flags.exercises}: ${unknown.length ? `unknown ${unknown.join(', ')}` : 'give at least one'}`, { hint: `the exercises: ${known.join(', ')}` });
        if (flags.secretFile) {
          const { resolveSecret } = await import('../../secrets');
          resolveSecret({ secretFile: flags.secretFile, env: {} });
        }
        const made = await initLoop(dir, { exercises, candidates: list(flags.candidates), interviewers: list(flags.interviewers), secretFile: flags.secretFile, name: flags.name });
        const result = { loop: made.dir, exercises: made.config.exercises, candidates: made.config.candidates, interviewers: made.config.interviewers, secretFile: made.secretFile };
        printResult(
          context.io,
          flags,
          result,
          () =>
            `hiring loop in ${made.dir}: ${exercises.join(', ')}; ${result.candidates.length} candidate(s), ${result.interviewers.length} interviewer(s); secret in ${made.secretFile} (keep it private)`,
        );
        return 0;
      }),
    );
}
