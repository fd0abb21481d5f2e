import type { Command } from 'commander';

/** `takehome variant`: the public fingerprint of a candidate's variant (never the seed). */
export function variantCommand(program: Command): void {
  program
    .command('variant')
    .description("print the public fingerprint of a candidate's exercise variant (a hash of the seed, never the seed)")
    .requiredOption('--exercise <id>', 'exercise id: rag or ml')
    .requiredOption('--candidate <id>', 'candidate id')
    .option('--secret-file <file>', 'file holding the secret (default: TAKEHOME_SECRET)')
    .option('--json', 'machine-readable output')
    .action(async (options: { exercise: string; candidate: string; secretFile?: string; json?: boolean }) => {
      const { resolveSecret, deriveCandidateSeed } = await import('../../secrets');
      const { printResult, printWarnings } = await import('../output');
      const secret = resolveSecret({ secretFile: options.secretFile });
      printWarnings(secret.warnings);
      const seed = deriveCandidateSeed(secret.value, options.exercise, options.candidate);
      const result = { exercise: seed.exercise, candidate: seed.candidate, fingerprint: seed.fingerprint };
      printResult(options, result, () => `${result.exercise}/${result.candidate}: variant ${result.fingerprint}`);
    });
}
