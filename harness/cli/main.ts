import { CommanderError } from 'commander';
import { isTakehomeError } from '../errors';
import { createProgram } from './program';

/**
 * The one catch boundary of the CLI: known errors become a message and an exit
 * code (0 done, 1 submission invalid or not gradable, 2 usage or config),
 * anything else is an internal error with its stack. Returns the exit code;
 * only bin/takehome.mjs sets it on the process.
 */
export async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors were already printed.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isTakehomeError(error)) {
      process.stderr.write(`takehome: ${error.message}\n`);
      if (error.hint) process.stderr.write(`  next: ${error.hint}\n`);
      if (process.env.TAKEHOME_DEBUG && error.cause) process.stderr.write(`  cause: ${String((error.cause as Error).stack ?? error.cause)}\n`);
      return error.exitCode;
    }
    process.stderr.write(`takehome: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.stderr.write('  next: this is a bug in takehome; please report it with the command you ran\n');
    return 1;
  }
}
