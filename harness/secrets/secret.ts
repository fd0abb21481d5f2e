import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors';

/** The public secret that makes the committed demo material. Never for real candidates. */
export const DEMO_SECRET = 'demo';

export interface ResolvedSecret {
  readonly value: string;
  readonly source: 'env' | 'file' | 'demo';
  readonly isDemo: boolean;
  /** Warnings for the CLI to print; empty when nothing is off. */
  readonly warnings: string[];
}

export interface ResolveSecretOptions {
  env?: NodeJS.ProcessEnv;
  secretFile?: string;
  /** True only for `takehome demo`: the demo secret is then expected and not warned about. */
  demo?: boolean;
}

/**
 * The secret comes from --secret-file, else TAKEHOME_SECRET, else (demo only)
 * the public demo secret. Using the demo secret for anything but the demo works
 * but is warned about, since every variant it makes is public.
 */
export function resolveSecret(options: ResolveSecretOptions = {}): ResolvedSecret {
  const env = options.env ?? process.env;
  let value: string | undefined;
  let source: ResolvedSecret['source'];
  if (options.secretFile !== undefined) {
    try {
      value = readFileSync(options.secretFile, 'utf8').trim();
    } catch (cause) {
      throw new ConfigError(`cannot read the secret file ${options.secretFile}`, {
        cause,
        hint: "pass --secret-file with a readable file that holds the hiring team's secret, or set TAKEHOME_SECRET",
      });
    }
    if (value === '') throw new ConfigError(`the secret file ${options.secretFile} is empty`, { hint: 'put the secret on its first line' });
    source = 'file';
  } else if (env.TAKEHOME_SECRET !== undefined && env.TAKEHOME_SECRET !== '') {
    value = env.TAKEHOME_SECRET;
    source = 'env';
  } else if (options.demo) {
    value = DEMO_SECRET;
    source = 'demo';
  } else {
    throw new ConfigError('no secret: set TAKEHOME_SECRET or pass --secret-file FILE', {
      hint: 'for a try-out with public demo material, use TAKEHOME_SECRET=demo (every variant it makes is public)',
    });
  }
  const isDemo = value === DEMO_SECRET;
  const warnings: string[] = [];
  if (isDemo && !options.demo) {
    warnings.push("warning: using the public demo secret; every key it derives is public. Set TAKEHOME_SECRET to the hiring team's secret for real candidates.");
  }
  if (!isDemo && value.length < 16) {
    warnings.push(`warning: the secret is only ${value.length} characters; use at least 16 random characters (e.g. openssl rand -hex 32).`);
  }
  return { value, source, isDemo, warnings };
}
