import type { Command } from 'commander';

interface CalibrateFlags {
  candidates: string;
  out: string;
  split: string;
  secretFile?: string;
  json?: boolean;
}

/** `takehome calibrate rag`: grade the submissions of known quality and check the grader still ranks them right. */
export function calibrateCommand(program: Command): void {
  program
    .command('calibrate')
    .description('grade the reference and calibration submissions for some candidates and check the ranking: reference > baseline > naive (intervals apart), cheater flagged and no better than naive')
    .argument('<exercise>', 'exercise: rag')
    .option('--candidates <ids>', 'comma-separated candidate ids', 'demo-candidate,ada-lovelace,grace-hopper,alan-turing')
    .option('--out <dir>', 'where the scorecards and reports go (OUT/CANDIDATE/rag-LABEL/)', 'out/calibration')
    .option('--split <split>', 'question set: hidden or dev', 'hidden')
    .option('--secret-file <file>', 'file holding the secret (default: TAKEHOME_SECRET)')
    .option('--json', 'machine-readable output')
    .action(async (exercise: string, flags: CalibrateFlags) => {
      const { UsageError } = await import('../../errors');
      if (exercise !== 'rag') throw new UsageError(`cannot calibrate exercise "${exercise}" yet`, { hint: 'valid exercises for calibrate: rag' });
      if (!['hidden', 'dev'].includes(flags.split)) throw new UsageError(`--split ${flags.split}: valid values are hidden, dev`);
      const candidates = flags.candidates.split(',').map((c) => c.trim()).filter(Boolean);
      if (candidates.length === 0) throw new UsageError('--candidates: give at least one candidate id');
      const { resolveSecret } = await import('../../secrets');
      const { printResult, printWarnings } = await import('../output');
      const { runRagCalibration } = await import('../calibrate-run');
      const { sweepStaleSandboxes } = await import('../../sandbox');
      const { dirname, resolve } = await import('node:path');
      const secret = resolveSecret({ secretFile: flags.secretFile });
      printWarnings(secret.warnings);
      await sweepStaleSandboxes();
      const result = await runRagCalibration({
        secret: secret.value,
        candidates,
        outDir: flags.out,
        split: flags.split as 'hidden' | 'dev',
        hidePaths: flags.secretFile ? [dirname(resolve(flags.secretFile))] : [],
        json: flags.json ?? false,
        log: flags.json ? () => undefined : (line) => process.stdout.write(`${line}\n`),
      });
      const summary = {
        pass: result.pass,
        checks: result.checks,
        grades: result.grades.map((g) => ({ candidate: g.candidate, label: g.label, report: g.path, overall: g.scorecard.metrics.overall ?? null, flags: g.scorecard.flags.map((f) => f.code) })),
      };
      printResult(flags, summary, () => (result.pass ? `calibration holds for ${candidates.length} candidate(s)` : `calibration FAILED: ${result.checks.filter((c) => !c.pass).length} check(s) did not hold`));
      if (!result.pass) process.exitCode = 1;
    });
}
