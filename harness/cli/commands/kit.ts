import type { Command } from 'commander';

interface KitFlags {
  candidate: string;
  out: string;
  secretFile?: string;
  json?: boolean;
}

/** `takehome kit rag`: write a candidate's kit as a new git repository (public material only). */
export function kitCommand(program: Command): void {
  program
    .command('kit')
    .description("write a candidate's kit: a git repository with the brief, starter, corpus, dev questions and check tool")
    .argument('<exercise>', 'exercise: rag')
    .requiredOption('--candidate <id>', 'candidate id (selects the variant)')
    .requiredOption('--out <dir>', 'a new or empty folder for the kit')
    .option('--secret-file <file>', 'file holding the secret (default: TAKEHOME_SECRET)')
    .option('--json', 'machine-readable output')
    .action(async (exercise: string, flags: KitFlags) => {
      const { UsageError } = await import('../../errors');
      if (exercise !== 'rag') throw new UsageError(`cannot make a kit for exercise "${exercise}" yet`, { hint: 'valid exercises for kit: rag' });
      const { assertEmptyOrAbsent } = await import('../../kit');
      const { resolveSecret, deriveCandidateSeed } = await import('../../secrets');
      const { printResult, printWarnings } = await import('../output');
      await assertEmptyOrAbsent(flags.out);
      const secret = resolveSecret({ secretFile: flags.secretFile });
      printWarnings(secret.warnings);
      const seed = deriveCandidateSeed(secret.value, 'rag', flags.candidate);
      const { writeRagKit } = await import('../../kit/rag');
      const written = await writeRagKit(flags.out, seed);
      const result = { exercise: 'rag', candidate: seed.candidate, variant: seed.fingerprint, out: flags.out, commit: written.commit, files: written.files };
      printResult(flags, result, () => `rag kit for ${result.candidate} (variant ${result.variant}): ${result.files} files in ${result.out}, commit ${result.commit}`);
    });
}
