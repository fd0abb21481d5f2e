/** Small helpers shared by command registrars: JSON or human output, warnings on stderr. */
export interface OutputOptions {
  json?: boolean;
}

export function printResult(options: OutputOptions, value: unknown, human: () => string): void {
  if (options.json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else process.stdout.write(`${human()}\n`);
}

export function printWarnings(warnings: readonly string[]): void {
  for (const warning of warnings) process.stderr.write(`${warning}\n`);
}
