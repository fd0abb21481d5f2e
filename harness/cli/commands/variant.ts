import { type Command, Option } from 'commander';
import { act, type CliContext, checkInLoop, resolveLoop } from '../context';

/** `takehome variant`: the public fingerprint of a candidate's variant (never the seed). */
export function variantCommand(program: Command, context: CliContext): void {
  program
    .command('variant')
    .description("print the public fingerprint of a candidate's exercise variant (a hash of the seed, never the seed)")
    .addOption(new Option('--exercise <id>', 'the exercise').choices(Object.keys(context.exercises)).makeOptionMandatory())
    .requiredOption('--candidate <id>', 'candidate id')
    .option('--secret-file <file>', "file holding the secret (default: the loop's, else TAKEHOME_SECRET)")
    .option('--loop <dir>', 'the hiring loop (default: the loop holding the working folder, if any)')
    .option('--json', 'machine-readable output')
    .action(
      act(context, async (options: { exercise: string; candidate: string; secretFile?: string; loop?: string; json?: boolean }) => {
        // In a loop, the loop's secret and candidates: a fingerprint made from another secret would match no kit.
        const loop = await resolveLoop(context, options);
        checkInLoop(loop, options.exercise, options.candidate);
        const { resolveSecret, deriveCandidateSeed } = await import('../../secrets');
        const { printResult, printWarnings } = await import('../output');
        const secret = resolveSecret({ secretFile: options.secretFile ?? loop?.secretFile, env: context.io.env });
        printWarnings(context.io, secret.warnings);
        const seed = deriveCandidateSeed(secret.value, options.exercise, options.candidate);
        const result = { exercise: seed.exercise, candidate: seed.candidate, fingerprint: seed.fingerprint };
        printResult(context.io, options, result, () => `${result.exercise}/${result.candidate}: variant ${result.fingerprint}`);
        return 0;
      }),
    );
}
