import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../../harness/errors';
import { takehomeCacheDir, writeFileAtomic } from '../../../harness/fs';
import { stableStringify } from '../../../harness/scorecard';
import { PROMPT_HASH, VERDICT_SCHEMA_VERSION, type JudgeInput } from './prompt';

/** What decides a verdict, besides the inputs: part of every cache key and the record's header. */
export interface JudgeSettings {
  model: string;
  temperature: number;
  samples: number;
}

const messageSchema = z.strictObject({ role: z.enum(['system', 'user']), content: z.string() });

/** The exchanges of one item: one request and one reply (or transport error) per sample. */
export const judgeEntrySchema = z.strictObject({
  key: z.string().regex(/^[0-9a-f]{64}$/),
  item: z.string(),
  requests: z.array(z.array(messageSchema)),
  replies: z.array(z.string().nullable()),
  errors: z.array(z.string().nullable()),
});
export type JudgeEntry = z.infer<typeof judgeEntrySchema>;

/**
 * sha256 over the judge model, its parameters, the verdict schema version,
 * the prompt templates' hash and the item's inputs. The nonce is not in it:
 * it changes the prompt's bytes, not what is asked.
 */
export function judgeCacheKey(settings: JudgeSettings, input: JudgeInput): string {
  const material = stableStringify({
    model: settings.model,
    temperature: settings.temperature,
    samples: settings.samples,
    schema: VERDICT_SCHEMA_VERSION,
    prompt: PROMPT_HASH,
    input: {
      question: input.question,
      referenceAnswer: input.referenceAnswer,
      requiredFacts: input.requiredFacts,
      answer: input.answer,
      citations: input.citations.map((c) => ({ doc_id: c.doc_id, quote: c.quote })),
    },
  });
  return createHash('sha256').update(material).digest('hex');
}

export function defaultJudgeCacheDir(env: Readonly<Record<string, string | undefined>>): string {
  return takehomeCacheDir('judge', env);
}

/** A content-addressed folder: one JSON file per key, written atomically, so parallel graders never see half a file. */
export class JudgeCache {
  constructor(readonly dir: string) {}

  #path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** The cached entry, or undefined; an unreadable or foreign file is a miss (it will be rewritten). */
  async get(key: string): Promise<JudgeEntry | undefined> {
    let text: string;
    try {
      text = await readFile(this.#path(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = judgeEntrySchema.parse(JSON.parse(text));
      return entry.key === key ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  /** Best effort: a cache that cannot be written costs a request next time, never the grade. */
  async put(entry: JudgeEntry): Promise<boolean> {
    try {
      await writeFileAtomic(this.#path(entry.key), `${JSON.stringify(entry)}\n`);
      return true;
    } catch {
      return false;
    }
  }
}

export const JUDGE_RECORD_SCHEMA = 'takehome.judge-record/v1';

export const judgeRecordSchema = z.strictObject({
  schema: z.literal(JUDGE_RECORD_SCHEMA),
  settings: z.strictObject({
    model: z.string().min(1),
    temperature: z.number(),
    samples: z.number().int().min(1),
    verdictSchema: z.string(),
    promptHash: z.string(),
  }),
  items: z.record(z.string(), judgeEntrySchema),
});
export type JudgeRecord = z.infer<typeof judgeRecordSchema>;

export function emptyRecord(settings: JudgeSettings): JudgeRecord {
  return { schema: JUDGE_RECORD_SCHEMA, settings: { ...settings, verdictSchema: VERDICT_SCHEMA_VERSION, promptHash: PROMPT_HASH }, items: {} };
}

/** Read a record for replay; fails closed, naming the file and field, with the next step. */
export async function readJudgeRecord(path: string): Promise<JudgeRecord> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read judge record ${path}`, { cause, hint: 'record one first with --judge upstream --judge-model M --judge-record FILE' });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`judge record ${path} is not valid JSON: ${(cause as Error).message}`, { cause, hint: 'record it again with --judge upstream --judge-record FILE' });
  }
  const parsed = judgeRecordSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`judge record ${path}: field ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`, {
      cause: parsed.error,
      hint: 'record it again with --judge upstream --judge-record FILE',
    });
  }
  const record = parsed.data;
  if (record.settings.promptHash !== PROMPT_HASH || record.settings.verdictSchema !== VERDICT_SCHEMA_VERSION) {
    throw new ConfigError(`judge record ${path} was made with another judge prompt or verdict schema (prompt ${record.settings.promptHash.slice(0, 12)}, this harness ${PROMPT_HASH.slice(0, 12)})`, {
      hint: 'replay it with the takehome version that recorded it, or record again with --judge upstream',
    });
  }
  return record;
}

/** Writes the record after every item, one write at a time, each atomic: a crash leaves the last complete record. */
export function recordWriter(path: string, record: JudgeRecord): { add(entry: JudgeEntry): Promise<void>; flush(): Promise<void> } {
  let chain: Promise<void> = Promise.resolve();
  const write = () => {
    chain = chain.then(() =>
      writeFileAtomic(path, `${stableStringify(record)}\n`).catch((cause: unknown) => {
        throw new ConfigError(`cannot write judge record ${path}: ${(cause as Error).message}`, { cause, hint: 'choose a writable --judge-record path' });
      }),
    );
    return chain;
  };
  return {
    add(entry) {
      record.items[entry.item] = entry;
      return write();
    },
    flush: write,
  };
}
