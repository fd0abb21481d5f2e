import { type Command, Option } from 'commander';
import { act, type CliContext } from '../context';
import type { CompareFlags } from './compare-run';

/** `takehome compare [RESULTS...]`: one exercise's candidates side by side, as a table, JSON, CSV and an HTML page. */
export function compareCommand(program: Command, context: CliContext): void {
  program
    .command('compare')
    .description(
      'candidates of one exercise side by side: rubric levels, weighted totals with intervals, how sure each difference is, interviewer agreement, similar code; a table (or --format json|csv) and --out FILE.html',
    )
    .argument('[results...]', "results folders (each holds scorecard.json) or folders of them (default: the loop's results/EXERCISE)")
    .addOption(new Option('--exercise <id>', 'the exercise (needed when the results or the loop hold several)').choices(Object.keys(context.exercises)))
    .option('--loop <dir>', 'the hiring loop (default: the loop folder you are in, if any)')
    .addOption(new Option('--format <format>', 'what to print: a table, JSON or CSV (one line per candidate)').choices(['table', 'json', 'csv']).default('table'))
    .option('--out <file>', 'also write the comparison as one self-contained HTML page (no script, no network)')
    .option('--blind', "pseudonyms instead of names (the reviewers' pseudonyms when a loop or secret is at hand); no candidate ids, folders or report links")
    .option('--submissions <dir>', 'for code similarity: a folder with one submission folder per candidate, named by candidate id (default in a loop: its submissions/EXERCISE or submissions/)')
    .option('--starter <dir>', "starter code every candidate received, left out of similarity (default: the exercise's starter)")
    .option('--no-similarity', 'skip the code similarity')
    .option('--pair <a,b>', 'also compare these two candidates (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--secret-file <file>', "secret for --blind pseudonyms outside a loop (default: the loop's, else TAKEHOME_SECRET)")
    .action(
      act(context, async (results: string[], flags: CompareFlags) => {
        const { runCompareCommand } = await import('./compare-run');
        return runCompareCommand(context, results, flags);
      }),
    );
}
