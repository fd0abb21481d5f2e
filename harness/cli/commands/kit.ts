import type { Command } from 'commander';

interface KitFlags {
  candidate: string;
  out: string;
  secretFile?: string;
  json?: boolean;
}

/** `takehome kit rag|ml`: write a candidate's kit as a new git repository (public material only). */
export function kitCommand(program: Command): void {
  program
    .command('kit')
    .description("write a candidate's kit: a git repository with the brief, the public data (rag: starter, corpus, dev questions; ml: train.csv, test.csv without labels, data dictionary, report schema) and the check tool")
    .argument('<exercise>', 'exercise: rag or ml')
    .requiredOption('--candidate <id>', 'candidate id (selects the variant)')
    .requiredOption('--out <dir>', 'a new or empty folder for the kit')
    .option('--secret-file <file>', 'file holding the secret (default: TAKEHOME_SECRET)')
    .option('--json', 'machine-readable output')
    .action(async (exercise: string, flags: KitFlags) => {
      const { UsageError } = await import('../../errors');
      if (exercise !== 'rag' && exercise !== 'ml') throw new UsageError(`cannot make a kit for exercise "${exercise}"`, { hint: 'valid exercises for kit: rag, ml' });
      const { assertEmptyOrAbsent } = await import('../../kit');
      const { resolveSecret, deriveCandidateSeed } = await import('../../secrets');
      const { printResult, printWarnings } = await import('../output');
      await assertEmptyOrAbsent(flags.out);
      const secret = resolveSecret({ secretFile: flags.secretFile });
      printWarnings(secret.warnings);
      const seed = deriveCandidateSeed(secret.value, exercise, flags.candidate);
      const written = exercise === 'rag' ? await (await import('../../kit/rag')).writeRagKit(flags.out, seed) : await (await import('../../kit/ml')).writeMlKit(flags.out, seed);
      const result = { exercise, candidate: seed.candidate, variant: seed.fingerprint, out: flags.out, commit: written.commit, files: written.files };
      printResult(flags, result, () => `${exercise} kit for ${result.candidate} (variant ${result.variant}): ${result.files} files in ${result.out}, commit ${result.commit}`);
    });
}
