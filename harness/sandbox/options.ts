import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../errors';

const MiB = 1024 * 1024;

/** Defaults sized for an ingest run of a RAG pipeline (PGlite + embeddings) on a 2-core, 24 GiB machine. */
export const DEFAULT_LIMITS = {
  wallMs: 10 * 60_000,
  memoryBytes: 2048 * MiB,
  // Counted in tasks (threads included): one node process alone has ~10 threads.
  processes: 256,
  fileBytes: 1024 * MiB,
  outputBytes: 8 * MiB,
} as const;

/** The gateway is reachable inside the sandbox on this loopback port unless told otherwise. */
export const DEFAULT_GATEWAY_PORT = 8787;

const absolutePath = z
  .string()
  .min(1)
  .refine((p) => isAbsolute(p), { message: 'must be an absolute path' });

const limitsSchema = z.strictObject({
  wallMs: z.number().int().positive().optional(),
  memoryBytes: z
    .number()
    .int()
    .min(16 * MiB)
    .optional(),
  processes: z.number().int().min(4).optional(),
  fileBytes: z.number().int().positive().optional(),
  outputBytes: z.number().int().positive().optional(),
});

export const sandboxOptionsSchema = z.strictObject({
  /** Run with /bin/sh -c inside the sandbox. */
  command: z.string().min(1),
  /** Copied into a private working copy; the original is never modified. */
  submissionDir: absolutePath,
  /** The only variables besides the fixed minimal set; never the harness's own env. */
  env: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a variable name (letters, digits, _)'),
      z.string().refine((v) => !v.includes('\0'), 'must not hold a NUL byte'),
    )
    .default({}),
  /**
   * Bound read-only. A relative target is taken relative to the working copy
   * (e.g. `node_modules`), which is how candidate code finds shared packages.
   */
  readOnlyMounts: z
    .array(
      z.strictObject({
        source: absolutePath,
        target: z.string().min(1),
      }),
    )
    .default([]),
  /** A Unix socket the harness's gateway listens on; exposed inside at http://127.0.0.1:<gatewayPort>. */
  gatewaySocket: absolutePath.optional(),
  gatewayPort: z.number().int().min(1).max(65535).default(DEFAULT_GATEWAY_PORT),
  limits: limitsSchema.default({}),
  /**
   * Host paths the candidate must not see. The isolated mode needs no list: its root holds only the
   * allow-listed runtime (harness/sandbox/root.ts), so every other host path is absent. Kept so
   * graders state what must stay private; the degraded mode cannot hide anything (see README).
   */
  hidePaths: z.array(absolutePath).default([]),
  /** Top-level names not copied into the working copy (e.g. `.git`). */
  excludeFromCopy: z.array(z.string().min(1)).default([]),
  /** 'auto' isolates when the machine allows and degrades with a warning otherwise; 'isolated' refuses to degrade. */
  mode: z.enum(['auto', 'isolated', 'degraded']).default('auto'),
  /**
   * spawnSandboxed only: what `restart()` runs after killing the command (the RAG
   * answer command without its ingest), in the same working copy, private /tmp
   * and cgroups. Without it the process cannot be restarted.
   */
  restartCommand: z.string().min(1).optional(),
  /** Text written to the candidate's stdin (runSandboxed only); otherwise stdin is empty. */
  stdin: z.string().optional(),
  /** Keep the working copy after the run (default true: graders read what the candidate wrote). */
  keepWorkDir: z.boolean().default(true),
});

export type SandboxOptions = z.input<typeof sandboxOptionsSchema>;
export type ResolvedOptions = z.output<typeof sandboxOptionsSchema>;
export type SandboxLimits = Required<z.output<typeof limitsSchema>>;

export function parseSandboxOptions(input: SandboxOptions): ResolvedOptions {
  const parsed = sandboxOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') || '(options)' : '(options)';
    throw new UsageError(`sandbox options: ${where}: ${issue?.message ?? 'invalid'}`, {
      cause: parsed.error,
      hint: 'see harness/sandbox/README.md for the options of runSandboxed/spawnSandboxed',
    });
  }
  for (const name of parsed.data.excludeFromCopy) {
    if (name.includes('/') || name === '.' || name === '..') {
      throw new UsageError(`sandbox options: excludeFromCopy: "${name}" must be a top-level name`, {
        hint: 'list names such as ".git" or "node_modules", without slashes',
      });
    }
  }
  return parsed.data;
}

export function resolveLimits(limits: ResolvedOptions['limits']): SandboxLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}
