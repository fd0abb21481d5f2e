import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../errors';

export const DEFAULT_MODELS_FILE = fileURLToPath(new URL('./models.yaml', import.meta.url));
export const DEFAULT_PRICES_FILE = fileURLToPath(new URL('./prices.yaml', import.meta.url));

const OFFLINE_CHAT = /^offline-extractive$/;
const OFFLINE_EMBEDDING = /^offline-hashed-tfidf-(\d{1,4})$/;

const ModelEntrySchema = z
  .strictObject({
    kind: z.enum(['chat', 'embedding']),
    offline: z.string().min(1),
    upstream: z.string().min(1).optional(),
  })
  .superRefine((entry, ctx) => {
    const pattern = entry.kind === 'chat' ? OFFLINE_CHAT : OFFLINE_EMBEDDING;
    if (!pattern.test(entry.offline)) {
      const valid = entry.kind === 'chat' ? 'offline-extractive' : 'offline-hashed-tfidf-<dimension>, e.g. offline-hashed-tfidf-512';
      ctx.addIssue({ code: 'custom', path: ['offline'], message: `"${entry.offline}" is not an offline ${entry.kind} model; use ${valid}` });
    }
  });

export const ModelMapSchema = z.strictObject({ models: z.record(z.string().min(1).max(200), ModelEntrySchema) });
export type ModelMap = z.infer<typeof ModelMapSchema>;

const PriceSchema = z.strictObject({ input: z.number().min(0), output: z.number().min(0) });
export const PriceTableSchema = z.strictObject({ models: z.record(z.string().min(1), PriceSchema) });
export type PriceTable = z.infer<typeof PriceTableSchema>;
export type Price = z.infer<typeof PriceSchema>;

/** Dimension of an offline embedding id, e.g. 512 for offline-hashed-tfidf-512. */
export function offlineEmbeddingDimension(id: string): number | undefined {
  const match = OFFLINE_EMBEDDING.exec(id);
  return match ? Number(match[1]) : undefined;
}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

export function parseModelMap(value: unknown, source = 'model map'): ModelMap {
  const parsed = ModelMapSchema.safeParse(value);
  if (!parsed.success) throw new ConfigError(`${source}: ${formatIssues(parsed.error)}`, { hint: `see ${DEFAULT_MODELS_FILE} for the format` });
  if (Object.keys(parsed.data.models).length === 0) throw new ConfigError(`${source}: models: the allow-list is empty`, { hint: 'list at least one model' });
  return parsed.data;
}

export function parsePriceTable(value: unknown, source = 'price table'): PriceTable {
  const parsed = PriceTableSchema.safeParse(value);
  if (!parsed.success) throw new ConfigError(`${source}: ${formatIssues(parsed.error)}`, { hint: `see ${DEFAULT_PRICES_FILE} for the format (USD per 1M tokens)` });
  return parsed.data;
}

/** Every allowed model needs a price, so no call is ever metered at $0 by mistake. */
export function checkPricesCoverModels(models: ModelMap, prices: PriceTable, source = 'price table'): void {
  const missing = Object.keys(models.models).filter((name) => !(name in prices.models));
  if (missing.length > 0) {
    throw new ConfigError(`${source}: no price for ${missing.join(', ')}`, { hint: 'add `<model>: { input: <USD per 1M>, output: <USD per 1M> }` under models:' });
  }
}

async function readStructured(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${file}: ${(error as Error).message}`, { cause: error, hint: 'check the path given to --models / --prices' });
  }
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message}`, { cause: error, hint: 'fix the syntax' });
  }
}

export async function loadModelMap(file = DEFAULT_MODELS_FILE): Promise<ModelMap> {
  return parseModelMap(await readStructured(file), file);
}

export async function loadPriceTable(file = DEFAULT_PRICES_FILE): Promise<PriceTable> {
  return parsePriceTable(await readStructured(file), file);
}

/** USD for a call: tokens times the per-1M price. */
export function costUsd(price: Price, promptTokens: number, completionTokens: number): number {
  return (promptTokens * price.input + completionTokens * price.output) / 1_000_000;
}
