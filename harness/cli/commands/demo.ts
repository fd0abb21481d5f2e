import type { Command } from 'commander';

/** `takehome demo`: everything the harness can do end to end, offline, on the public demo secret. */
export function demoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the offline end-to-end demo on the public demo secret')
    .option('--out <dir>', 'where the demo writes its kits, keys and scorecards', 'out/demo')
    .option('--json', 'machine-readable output')
    .action(async (options: { out: string; json?: boolean }) => {
      const { runDemo } = await import('../demo-run');
      const { printResult } = await import('../output');
      const result = await runDemo({ outDir: options.out, json: options.json ?? false, log: options.json ? () => undefined : (line) => process.stdout.write(`${line}\n`) });
      printResult(options, result, () => result.summary);
      if (!result.pass) process.exitCode = 1;
    });
}
