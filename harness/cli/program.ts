import { Command } from 'commander';
import { EXERCISES } from '../../exercises';
import type { ExerciseTable } from '../exercise';
import { HARNESS_VERSION } from '../version';
import { calibrateCommand } from './commands/calibrate';
import { compareCommand } from './commands/compare';
import { demoCommand } from './commands/demo';
import { doctorCommand } from './commands/doctor';
import { gatewayCommand } from './commands/gateway';
import { gradeCommand } from './commands/grade';
import { keyCommand } from './commands/key';
import { loopCommand } from './commands/loop';
import { reviewCommand } from './commands/review';
import { scoreCommand } from './commands/score';
import { kitCommand } from './commands/kit';
import { variantCommand } from './commands/variant';
import { type CliContext, type CliIO, processIO } from './context';

export interface ProgramOptions {
  io?: CliIO;
  /** The exercises the commands offer (default: every exercise of exercises/index.ts). */
  exercises?: ExerciseTable;
}

/** The whole CLI, built fresh each time so tests can drive it with parseAsync and read the context's exit code. */
export function createProgram(options: ProgramOptions = {}): { program: Command; context: CliContext } {
  const io = options.io ?? processIO();
  const context: CliContext = { io, exercises: options.exercises ?? EXERCISES, exitCode: 0 };
  const program = new Command('takehome')
    .description('Interview take-home exercises, graded automatically, fairly and safely.')
    .version(HARNESS_VERSION, '-V, --version')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError('(run takehome --help for the commands)')
    .exitOverride();
  for (const register of [demoCommand, loopCommand, gradeCommand, reviewCommand, scoreCommand, variantCommand, gatewayCommand, kitCommand, keyCommand, calibrateCommand, compareCommand, doctorCommand])
    register(program, context);
  return { program, context };
}
