import { Argument, type Command, Option } from 'commander';
import { act, type CliContext, loadExercise } from '../context';

interface CalibrateFlags {
  candidates: string;
  out: string;
  split: 'hidden' | 'dev';
  secretFile?: string;
  json?: boolean;
}

/** `takehome calibrate EXERCISE`: grade the submissions of known quality and check the grader still ranks and flags them right. */
export function calibrateCommand(program: Command, context: CliContext): void {
  program
    .command('calibrate')
    .description(
      'grade the reference and calibration submissions for some candidates and check what the grader must find. rag: reference > baseline > naive (intervals apart), cheater flagged and no better than naive, no critical flag on the honest submissions, no blind trick (spray, cite-all, refuse-all) above the baseline and each flagged. ml: references > leaky models on average precision (intervals apart), every trick caught on the traps it planted and the references on none, oversampled flagged miscalibrated',
    )
    .addArgument(new Argument('<exercise>', 'the exercise').choices(Object.keys(context.exercises)))
    .option('--candidates <ids>', 'comma-separated candidate ids', 'demo-candidate,ada-lovelace,grace-hopper,alan-turing')
    .option('--out <dir>', 'where the scorecards and reports go (OUT/CANDIDATE/EXERCISE-LABEL/)', 'out/calibration')
    .addOption(new Option('--split <split>', 'question set (rag): hidden or dev').choices(['hidden', 'dev']).default('hidden'))
    .option('--secret-file <file>', 'file holding the secret (default: TAKEHOME_SECRET)')
    .option('--json', 'machine-readable output')
    .action(
      act(context, async (id: string, flags: CalibrateFlags) => {
        const { UsageError } = await import('../../errors');
        const { runCalibration } = await import('../../exercise');
        const { resolveSecret } = await import('../../secrets');
        const { sweepStaleSandboxes } = await import('../../sandbox');
        const { printResult, printWarnings } = await import('../output');
        const { createProgress, lineWriter, startStep } = await import('../progress');
        const { dirname, resolve } = await import('node:path');
        const { io } = context;
        const exercise = await loadExercise(context, id);
        if (!exercise.features.split && flags.split !== 'hidden') throw new UsageError(`--split ${flags.split}: the ${exercise.id} grader always scores its hidden set`, { hint: 'drop --split' });
        const candidates = flags.candidates
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean);
        if (candidates.length === 0) throw new UsageError('--candidates: give at least one candidate id');
        const secret = resolveSecret({ secretFile: flags.secretFile, env: io.env });
        printWarnings(io, secret.warnings);
        await sweepStaleSandboxes();
        const result = await runCalibration(exercise, {
          secret: secret.value,
          candidates,
          outDir: flags.out,
          split: flags.split,
          hidePaths: flags.secretFile ? [dirname(resolve(flags.secretFile))] : [],
          env: io.env,
          log: flags.json ? () => undefined : lineWriter(io, io.out),
          progress: (label) => createProgress(io, label, { json: flags.json, unit: 'questions' }),
          step: (label) => startStep(io, `    ${label}`, { json: flags.json }),
          color: io.color ?? false,
        });
        const summary = {
          pass: result.pass,
          checks: result.checks,
          grades: result.grades.map((g) => ({
            candidate: g.candidate,
            label: g.label,
            report: g.path,
            status: g.scorecard.status,
            metrics: g.scorecard.metrics,
            flags: g.scorecard.flags.map((f) => f.code),
          })),
        };
        printResult(io, flags, summary, () =>
          result.pass ? `calibration holds for ${candidates.length} candidate(s)` : `calibration FAILED: ${result.checks.filter((c) => !c.pass).length} check(s) did not hold`,
        );
        return result.pass ? 0 : 1;
      }),
    );
}
