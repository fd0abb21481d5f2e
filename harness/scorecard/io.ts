import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors';
import { writeFileAtomic } from '../fs';
import { boundScorecard } from './bound';
import { SCORECARD_SCHEMA, scorecardSchema, type Scorecard } from './schema';

/** Stable JSON: object keys sorted, so the same scorecard is the same bytes. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      }
      return v;
    },
    2,
  );
}

/** Bound what a submission put in it, validate, then write atomically. An invalid scorecard is a bug, never written. */
export async function writeScorecard(path: string, scorecard: Scorecard): Promise<void> {
  const parsed = scorecardSchema.parse(boundScorecard(scorecard));
  await writeFileAtomic(path, `${stableStringify(parsed)}\n`);
}

export function parseScorecard(text: string, source: string): Scorecard {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`${source} is not valid JSON: ${(cause as Error).message}`, { cause, hint: 'regrade the submission to write a fresh scorecard' });
  }
  const version = raw && typeof raw === 'object' ? (raw as { schema?: unknown }).schema : undefined;
  if (version !== SCORECARD_SCHEMA) {
    throw new ConfigError(`${source} has scorecard schema ${JSON.stringify(version ?? null)}, but this harness reads only ${SCORECARD_SCHEMA}`, {
      hint: 'regrade it with this version of takehome, or use the takehome version that wrote it',
    });
  }
  const result = scorecardSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? issue.path.join('.') || '(root)' : '(root)';
    throw new ConfigError(`${source}: field ${where}: ${issue?.message ?? 'invalid'}`, {
      cause: result.error,
      hint: 'the scorecard was edited or written by another tool; regrade the submission',
    });
  }
  return result.data;
}

export async function readScorecard(path: string): Promise<Scorecard> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read scorecard ${path}`, { cause, hint: 'check the path; takehome grade writes DIR/scorecard.json' });
  }
  return parseScorecard(text, path);
}
