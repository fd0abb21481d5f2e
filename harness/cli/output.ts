import type { CliIO } from './context';

/** Small helpers shared by command registrars: JSON or human output, warnings on stderr. */
export interface OutputOptions {
  json?: boolean;
}

export function printResult(io: CliIO, options: OutputOptions, value: unknown, human: () => string): void {
  if (options.json) io.out(`${JSON.stringify(value, null, 2)}\n`);
  else io.out(`${human()}\n`);
}

export function printWarnings(io: CliIO, warnings: readonly string[]): void {
  for (const warning of warnings) io.err(`${warning}\n`);
}
