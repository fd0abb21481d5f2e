import type { Command } from 'commander';

interface KeyFlags {
  candidate: string;
  out: string;
  secretFile?: string;
  json?: boolean;
}

/** `takehome key rag|ml`: write a candidate's hidden key for an interviewer's audit (never the seed). */
export function keyCommand(program: Command): void {
  program
    .command('key')
    .description("write a candidate's hidden key for an audit (rag: hidden questions with answers; ml: test labels, twins, trap catalog); never give it to the candidate")
    .argument('<exercise>', 'exercise: rag or ml')
    .requiredOption('--candidate <id>', 'candidate id (selects the variant)')
    .requiredOption('--out <dir>', 'a new or empty folder for the key')
    .option('--secret-file <file>', 'file holding the secret (default: TAKEHOME_SECRET)')
    .option('--json', 'machine-readable output')
    .action(async (exercise: string, flags: KeyFlags) => {
      const { UsageError } = await import('../../errors');
      if (exercise !== 'rag' && exercise !== 'ml') throw new UsageError(`cannot write a key for exercise "${exercise}"`, { hint: 'valid exercises for key: rag, ml' });
      const { assertEmptyOrAbsent } = await import('../../kit');
      const { resolveSecret, deriveCandidateSeed } = await import('../../secrets');
      const { printResult, printWarnings } = await import('../output');
      await assertEmptyOrAbsent(flags.out);
      const secret = resolveSecret({ secretFile: flags.secretFile });
      printWarnings(secret.warnings);
      const seed = deriveCandidateSeed(secret.value, exercise, flags.candidate);
      if (exercise === 'rag') {
        const written = await (await import('../../kit/rag')).writeRagKey(flags.out, seed);
        const result = { exercise, candidate: seed.candidate, variant: seed.fingerprint, out: flags.out, files: written.files, hiddenQuestions: written.hiddenQuestions };
        printResult(flags, result, () => `rag key for ${result.candidate} (variant ${result.variant}): ${result.hiddenQuestions} hidden questions in ${result.out}; keep it away from the candidate`);
        return;
      }
      const written = await (await import('../../kit/ml')).writeMlKey(flags.out, seed);
      const result = { exercise, candidate: seed.candidate, variant: seed.fingerprint, out: flags.out, files: written.files, scoredRows: written.summary.scoredRows, twinRows: written.summary.twinRows, traps: written.summary.traps };
      printResult(flags, result, () => `ml key for ${result.candidate} (variant ${result.variant}): labels of ${result.scoredRows} scored claims, ${result.twinRows} twins, ${result.traps} traps in ${result.out}; keep it away from the candidate`);
    });
}
