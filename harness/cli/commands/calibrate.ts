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
    .description('grade the reference and calibration submissions for some candidates and check what the grader must find. rag: reference > baseline > naive (intervals apart), cheater flagged and no better than naive. ml: reference > leaky on average precision (intervals apart), leaky caught on >= 3 traps and the reference on none, oversampled flagged miscalibrated')
    .argument('<exercise>', 'exercise: rag or ml')
    .option('--candidates <ids>', 'comma-separated candidate ids', 'demo-candidate,ada-lovelace,grace-hopper,alan-turing')
    .option('--out <dir>', 'where the scorecards and reports go (OUT/CANDIDATE/rag-LABEL/)', 'out/calibration')
    .option('--split <split>', 'rag question set: hidden or dev', 'hidden')
    .option('--secret-file <file>', 'file holding the secret (default: TAKEHOME_SECRET)')
    .option('--json', 'machine-readable output')
    .action(async (exercise: string, flags: CalibrateFlags) => {
      const { UsageError } = await import('../../errors');
      if (exercise !== 'rag' && exercise !== 'ml') throw new UsageError(`cannot calibrate exercise "${exercise}"`, { hint: 'valid exercises for calibrate: rag, ml' });
      if (exercise === 'ml' && flags.split !== 'hidden') throw new UsageError('--split applies to rag only: the ML grader always scores the hidden test labels');
      if (!['hidden', 'dev'].includes(flags.split)) throw new UsageError(`--split ${flags.split}: valid values are hidden, dev`);
      const candidates = flags.candidates.split(',').map((c) => c.trim()).filter(Boolean);
      if (candidates.length === 0) throw new UsageError('--candidates: give at least one candidate id');
      const { resolveSecret } = await import('../../secrets');
      const { printResult, printWarnings } = await import('../output');
      const { runMlCalibration, runRagCalibration } = await import('../calibrate-run');
      const { sweepStaleSandboxes } = await import('../../sandbox');
      const { dirname, resolve } = await import('node:path');
      const secret = resolveSecret({ secretFile: flags.secretFile });
      printWarnings(secret.warnings);
      await sweepStaleSandboxes();
      const result = await (exercise === 'ml' ? runMlCalibration : runRagCalibration)({
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
        grades: result.grades.map((g) => ({ candidate: g.candidate, label: g.label, report: g.path, status: g.scorecard.status, metrics: g.scorecard.metrics, flags: g.scorecard.flags.map((f) => f.code) })),
      };
      printResult(flags, summary, () => (result.pass ? `calibration holds for ${candidates.length} candidate(s)` : `calibration FAILED: ${result.checks.filter((c) => !c.pass).length} check(s) did not hold`));
      if (!result.pass) process.exitCode = 1;
    });
}
