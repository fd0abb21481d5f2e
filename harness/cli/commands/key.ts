import { Argument, type Command } from 'commander';
import { act, type CliContext, loadExercise } from '../context';

interface KeyFlags {
  candidate: string;
  out: string;
  secretFile?: string;
  json?: boolean;
}

/** `takehome key EXERCISE`: write a candidate's hidden key for an interviewer's audit (never the seed). */
export function keyCommand(program: Command, context: CliContext): void {
  program
    .command('key')
    .description("write a candidate's hidden key for an audit (rag: hidden questions with answers; ml: test labels, twins, trap catalog); never give it to the candidate")
    .addArgument(new Argument('<exercise>', 'the exercise').choices(Object.keys(context.exercises)))
    .requiredOption('--candidate <id>', 'candidate id (selects the variant)')
    .requiredOption('--out <dir>', 'a new or empty folder for the key')
    .option('--secret-file <file>', 'file holding the secret (default: TAKEHOME_SECRET)')
    .option('--json', 'machine-readable output')
    .action(
      act(context, async (id: string, flags: KeyFlags) => {
        const { assertEmptyOrAbsent } = await import('../../kit');
        const { resolveSecret, deriveCandidateSeed } = await import('../../secrets');
        const { printResult, printWarnings } = await import('../output');
        await assertEmptyOrAbsent(flags.out);
        const secret = resolveSecret({ secretFile: flags.secretFile, env: context.io.env });
        printWarnings(context.io, secret.warnings);
        const seed = deriveCandidateSeed(secret.value, id, flags.candidate);
        // A first line before the exercise loads and derives the key (seconds on a busy machine).
        if (!flags.json) context.io.err(`${id} key for ${seed.candidate} (variant ${seed.fingerprint}): writing ${flags.out} ...\n`);
        const exercise = await loadExercise(context, id);
        const written = await exercise.writeKey(flags.out, seed);
        const result = { exercise: exercise.id, candidate: seed.candidate, variant: seed.fingerprint, out: flags.out, files: written.files, ...written.details };
        printResult(context.io, flags, result, () => `${exercise.id} key for ${result.candidate} (variant ${result.variant}): ${written.summary} in ${result.out}; keep it away from the candidate`);
        return 0;
      }),
    );
}
