import { Argument, type Command } from 'commander';
import { act, type CliContext, loadExercise } from '../context';

interface KitFlags {
  candidate: string;
  out: string;
  secretFile?: string;
  json?: boolean;
}

/** `takehome kit EXERCISE`: write a candidate's kit as a new git repository (public material only). */
export function kitCommand(program: Command, context: CliContext): void {
  program
    .command('kit')
    .description(
      "write a candidate's kit: a git repository with the brief, the public data (rag: starter, corpus, dev questions; ml: train.csv, test.csv without labels, data dictionary, report schema) and the check tool",
    )
    .addArgument(new Argument('<exercise>', 'the exercise').choices(Object.keys(context.exercises)))
    .requiredOption('--candidate <id>', 'candidate id (selects the variant)')
    .requiredOption('--out <dir>', 'a new or empty folder for the kit')
    .option('--secret-file <file>', 'file holding the secret (default: TAKEHOME_SECRET)')
    .option('--json', 'machine-readable output')
    .action(
      act(context, async (id: string, flags: KitFlags) => {
        const { assertEmptyOrAbsent } = await import('../../kit');
        const { resolveSecret, deriveCandidateSeed } = await import('../../secrets');
        const { printResult, printWarnings } = await import('../output');
        await assertEmptyOrAbsent(flags.out);
        const secret = resolveSecret({ secretFile: flags.secretFile, env: context.io.env });
        printWarnings(context.io, secret.warnings);
        const seed = deriveCandidateSeed(secret.value, id, flags.candidate);
        // A first line before the exercise loads and renders (seconds on a busy machine).
        if (!flags.json) context.io.err(`${id} kit for ${seed.candidate} (variant ${seed.fingerprint}): writing ${flags.out} ...\n`);
        const exercise = await loadExercise(context, id);
        const written = await exercise.writeKit(flags.out, seed);
        const result = { exercise: exercise.id, candidate: seed.candidate, variant: seed.fingerprint, out: flags.out, commit: written.commit, files: written.files };
        printResult(context.io, flags, result, () => `${exercise.id} kit for ${result.candidate} (variant ${result.variant}): ${result.files} files in ${result.out}, commit ${result.commit}`);
        return 0;
      }),
    );
}
