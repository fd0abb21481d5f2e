import { Command } from 'commander';
import { HARNESS_VERSION } from '../version';
import { calibrateCommand } from './commands/calibrate';
import { demoCommand } from './commands/demo';
import { gradeCommand } from './commands/grade';
import { gatewayCommand } from './commands/gateway';
import { keyCommand } from './commands/key';
import { kitCommand } from './commands/kit';
import { variantCommand } from './commands/variant';

/** The whole CLI, built fresh each time so tests can drive it with parseAsync. */
export function createProgram(): Command {
  const program = new Command('takehome')
    .description('Interview take-home exercises, graded automatically, fairly and safely.')
    .version(HARNESS_VERSION, '-V, --version')
    .showHelpAfterError('(run takehome --help for the commands)')
    .exitOverride();
  demoCommand(program);
  gradeCommand(program);
  variantCommand(program);
  gatewayCommand(program);
  kitCommand(program);
  keyCommand(program);
  calibrateCommand(program);
  return program;
}
