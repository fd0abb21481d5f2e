import { Argument, type Command } from 'commander';
import { act, type CliContext, prepareCandidateOutput } from '../context';

interface KeyFlags {
  candidate: string;
  out?: string;
  secretFile?: string;
  loop?: string;
  json?: boolean;
}

/** `takehome key EXERCISE`: write a candidate's hidden key for an interviewer's audit (never the seed). */
export function keyCommand(program: Command, context: CliContext): void {
  program
    .command('key')
    .description("write a candidate's hidden key for an audit (rag: hidden questions with answers; ml: test labels, twins, trap catalog); never give it to the candidate")
    .addArgument(new Argument('<exercise>', 'the exercise').choices(Object.keys(context.exercises)))
    .requiredOption('--candidate <id>', 'candidate id (selects the variant)')
    .option('--out <dir>', 'a new or empty folder for the key (in a loop: LOOP/keys/EXERCISE/CANDIDATE)')
    .option('--secret-file <file>', "file holding the secret (default: the loop's, else TAKEHOME_SECRET)")
    .option('--loop <dir>', 'the hiring loop (default: the loop folder you are in, if any)')
    .option('--json', 'machine-readable output')
    .action(
      act(context, async (id: string, flags: KeyFlags) => {
        const { printResult } = await import('../output');
        const { exercise, out, seed } = await prepareCandidateOutput(context, id, flags, 'keyDir');
        const written = await exercise.writeKey(out, seed);
        const result = { exercise: exercise.id, candidate: seed.candidate, variant: seed.fingerprint, out, files: written.files, ...written.details };
        printResult(context.io, flags, result, () => `${exercise.id} key for ${result.candidate} (variant ${result.variant}): ${written.summary} in ${result.out}; keep it away from the candidate`);
        return 0;
      }),
    );
}
