import { type Command, Option } from 'commander';
import { UsageError } from '../../errors';
import { act, type CliContext, loadExercise } from '../context';
import { loopSetup } from './review';

interface ScoreFlags {
  exercise?: string;
  loop?: string;
  secretFile?: string;
  json?: boolean;
}

/** `takehome score [CANDIDATE]`: merge automatic levels and reviews into each graded scorecard's rubric section. */
export function scoreCommand(program: Command, context: CliContext): void {
  program
    .command('score')
    .description(
      "merge the automatic rubric levels (relative to the reference on the same variant where the rubric says so) and every interviewer's current review into each graded result's scorecard (rubric section) and reports, and log it in history.jsonl; prints one line per candidate: the weighted total with its interval, and what is missing",
    )
    .argument('[candidate]', 'one candidate (default: every candidate of the loop)')
    .addOption(new Option('--exercise <id>', 'one exercise (default: every exercise of the loop)').choices(Object.keys(context.exercises)))
    .option('--loop <dir>', 'the hiring loop (default: the loop folder you are in)')
    .option('--secret-file <file>', "file holding the secret (default: the loop's)")
    .option('--json', 'machine-readable output')
    .action(
      act(context, async (candidate: string | undefined, flags: ScoreFlags) => {
        const { io } = context;
        const { loop, secret } = await loopSetup(context, flags, 'score');
        if (candidate !== undefined && !loop.config.candidates.includes(candidate))
          throw new UsageError(`candidate "${candidate}" is not in the loop in ${loop.dir}`, { hint: `the loop's candidates: ${loop.config.candidates.join(', ') || '(none yet)'}` });
        const { formatScoreLine, scoreResult } = await import('../../exercise');
        const outcomes = [];
        for (const id of flags.exercise ? [flags.exercise] : loop.config.exercises) {
          const exercise = await loadExercise(context, id);
          for (const c of candidate ? [candidate] : loop.config.candidates) {
            const outcome = await scoreResult(exercise, { loop, secret, candidate: c, env: io.env, log: flags.json ? undefined : (l) => io.err(`${l}\n`) });
            outcomes.push(outcome);
            if (!flags.json) io.out(`${formatScoreLine(outcome)}\n`);
          }
        }
        if (flags.json) io.out(`${JSON.stringify(outcomes, null, 2)}\n`);
        return 0;
      }),
    );
}
