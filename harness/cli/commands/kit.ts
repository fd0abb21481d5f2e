import { Argument, type Command } from 'commander';
import { act, type CliContext, prepareCandidateOutput } from '../context';

interface KitFlags {
  candidate: string;
  out?: string;
  secretFile?: string;
  loop?: string;
  json?: boolean;
}

/** `takehome kit EXERCISE`: write a candidate's kit as a new git repository (public material only). */
export function kitCommand(program: Command, context: CliContext): void {
  program
    .command('kit')
    .description(
      "write a candidate's kit: a git repository with the brief, the public data (rag: starter, corpus, dev questions; ml: train.csv, test.csv without labels, data dictionary, report schema), the check tool, and takehome.kit.json naming the exercise, candidate and variant",
    )
    .addArgument(new Argument('<exercise>', 'the exercise').choices(Object.keys(context.exercises)))
    .requiredOption('--candidate <id>', 'candidate id (selects the variant)')
    .option('--out <dir>', 'a new or empty folder for the kit (in a loop: LOOP/kits/EXERCISE/CANDIDATE)')
    .option('--secret-file <file>', "file holding the secret (default: the loop's, else TAKEHOME_SECRET)")
    .option('--loop <dir>', 'the hiring loop (default: the loop folder you are in, if any)')
    .option('--json', 'machine-readable output')
    .action(
      act(context, async (id: string, flags: KitFlags) => {
        const { printResult } = await import('../output');
        const { exercise, out, seed } = await prepareCandidateOutput(context, id, flags, 'kitDir');
        const written = await exercise.writeKit(out, seed);
        // Every kit names its candidate, so that grade can refuse it under another id: an exercise that forgot is a bug.
        const { readKitIdentity, KIT_IDENTITY_FILE } = await import('../../kit/identity');
        const identity = await readKitIdentity(out);
        if (identity?.candidate !== seed.candidate || identity.exercise !== exercise.id || identity.variant !== seed.fingerprint) {
          const { InternalError } = await import('../../errors');
          throw new InternalError(`the ${exercise.id} kit in ${out} has no ${KIT_IDENTITY_FILE} naming ${seed.candidate} (variant ${seed.fingerprint})`, {
            hint: `the exercise's kit builder must add it with withKitIdentity(files, seed) (harness/kit/identity.ts)`,
          });
        }
        const result = { exercise: exercise.id, candidate: seed.candidate, variant: seed.fingerprint, out, commit: written.commit, files: written.files };
        printResult(context.io, flags, result, () => `${exercise.id} kit for ${result.candidate} (variant ${result.variant}): ${result.files} files in ${result.out}, commit ${result.commit}`);
        return 0;
      }),
    );
}
