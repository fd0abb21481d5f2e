import { join } from 'node:path';
import type { Command } from 'commander';
import { act, type CliContext, loadExercise } from '../context';

/** `takehome demo`: everything the harness can do end to end, offline, on the public demo secret, for every exercise. */
export function demoCommand(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description('run the offline end-to-end demo on the public demo secret')
    .option('--out <dir>', 'where the demo writes its kits, keys and scorecards', 'out/demo')
    .option('--json', 'machine-readable output')
    .action(
      act(context, async (options: { out: string; json?: boolean }) => {
        const { runDemo } = await import('../../exercise');
        const { printResult } = await import('../output');
        const { createProgress, lineWriter, startStep } = await import('../progress');
        const { io } = context;
        const exercises = await Promise.all(Object.keys(context.exercises).map((id) => loadExercise(context, id)));
        const result = await runDemo(exercises, {
          outDir: options.out,
          log: options.json ? () => undefined : lineWriter(io, io.out),
          progress: (label) => createProgress(io, label, { json: options.json, unit: 'questions' }),
          step: (label) => startStep(io, `    ${label}`, { json: options.json }),
          color: io.color ?? false,
          env: io.env,
        });
        // The hiring lead's view of the demo's loop: `takehome compare` for each exercise, a terminal table and an HTML page.
        let compared = 0;
        if (result.loop && !options.json) {
          const { runCompareCommand } = await import('./compare-run');
          for (const exercise of exercises) {
            const out = join(result.loop.dir, `compare-${exercise.id}.html`);
            io.out(`\ntakehome compare --loop ${result.loop.dir} --exercise ${exercise.id} --out ${out}\n`);
            compared = Math.max(compared, await runCompareCommand(context, [], { loop: result.loop.dir, exercise: exercise.id, format: 'table', out, similarity: true }));
          }
        }
        printResult(io, options, result, () => result.summary);
        return Math.max(result.pass ? 0 : 1, compared);
      }),
    );
}
