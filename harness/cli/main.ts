import { CommanderError } from 'commander';
import { isTakehomeError } from '../errors';
import type { CliIO } from './context';
import { createProgram, type ProgramOptions } from './program';

/**
 * The one catch boundary of the CLI: known errors become a message and an exit
 * code (0 done, 1 submission invalid or not gradable, 2 usage or config),
 * anything else is an internal error with its stack. Returns the exit code;
 * only bin/takehome.mjs sets it on the process.
 */
export async function main(argv: string[], options: ProgramOptions = {}): Promise<number> {
  const { program, context } = createProgram(options);
  const io: CliIO = context.io;
  try {
    await program.parseAsync(argv);
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors were already printed.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isTakehomeError(error)) {
      io.err(`takehome: ${error.message}\n`);
      if (error.hint) io.err(`  next: ${error.hint}\n`);
      if (io.env.TAKEHOME_DEBUG && error.cause) io.err(`  cause: ${String((error.cause as Error).stack ?? error.cause)}\n`);
      return error.exitCode;
    }
    io.err(`takehome: internal error: ${(error as Error).stack ?? String(error)}\n`);
    io.err('  next: this is a bug in takehome; please report it with the command you ran\n');
    return 1;
  }
}
