import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { InvalidSubmissionError } from '../errors';

const command = z.string().trim().min(1, 'must be a non-empty shell command').max(1000);

export const ragManifestSchema = z.strictObject({
  exercise: z.literal('rag'),
  ingest: command,
  answer: command,
});

export const mlManifestSchema = z.strictObject({
  exercise: z.literal('ml'),
  run: command.optional(),
});

export const manifestSchema = z.discriminatedUnion('exercise', [ragManifestSchema, mlManifestSchema]);

export type Manifest = z.infer<typeof manifestSchema>;

const DOCS: Record<string, string> = { rag: 'exercises/rag/README.md', ml: 'exercises/ml/README.md' };

/**
 * Read SUBMISSION/takehome.json. Fails closed with the file, the field and the
 * next step; `optional` returns undefined when the file is absent (an ML
 * submission may hold only predictions.csv and report.json).
 */
export async function readManifest(dir: string, exercise: 'rag' | 'ml', options: { optional?: boolean } = {}): Promise<Manifest | undefined> {
  const path = join(dir, 'takehome.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT' && options.optional) return undefined;
    throw new InvalidSubmissionError(`no takehome.json in ${dir}`, {
      cause,
      hint: `a ${exercise} submission needs one, e.g. ${exercise === 'rag' ? '{"exercise":"rag","ingest":"npm run ingest","answer":"npm run answer"}' : '{"exercise":"ml","run":"npm run predict"}'}; see ${DOCS[exercise]}`,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new InvalidSubmissionError(`${path} is not valid JSON: ${(cause as Error).message}`, { cause, hint: `fix the JSON; see ${DOCS[exercise]}` });
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(root)';
    throw new InvalidSubmissionError(`${path}: field ${field}: ${issue?.message ?? 'invalid'}`, { cause: parsed.error, hint: `see the protocol in ${DOCS[exercise]}` });
  }
  if (parsed.data.exercise !== exercise) {
    throw new InvalidSubmissionError(`${path} declares exercise "${parsed.data.exercise}", but it is being graded as "${exercise}"`, { hint: `grade it with --exercise ${parsed.data.exercise}, or fix takehome.json` });
  }
  return parsed.data;
}
