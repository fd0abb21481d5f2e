import { z } from 'zod';
import { MAX_EMBEDDING_DIMENSION } from '../providers/offline/embedder';
import { badRequest, type GatewayHttpError } from './openai-errors';

/**
 * Request bodies, checked once at the door. Loose objects: OpenAI adds fields
 * often, and the gateway validates only what it reads (an upstream backend
 * forwards the rest untouched).
 */
const ContentPartSchema = z.looseObject({ type: z.string(), text: z.string().optional() });

const MessageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(ContentPartSchema), z.null()]).optional(),
  name: z.string().max(256).optional(),
});

const positiveInt = z.number().int().min(1);

export const ChatRequestSchema = z.looseObject({
  model: z.string().min(1).max(200),
  messages: z.array(MessageSchema).min(1).max(10_000),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  max_tokens: positiveInt.nullish(),
  max_completion_tokens: positiveInt.nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  n: z.number().int().min(1).max(16).nullish(),
});
export type ChatRequest = z.infer<typeof ChatRequestSchema>;
export type ChatRequestMessage = z.infer<typeof MessageSchema>;

const tokenIds = z.array(z.number().int().min(0).max(200_000)).min(1).max(100_000);

export const EmbeddingsRequestSchema = z.looseObject({
  model: z.string().min(1).max(200),
  input: z.union([
    z.string().min(1, 'input must not be an empty string'),
    z.array(z.string().min(1, 'input must not hold empty strings')).min(1).max(2048),
    tokenIds,
    z.array(tokenIds).min(1).max(2048),
  ]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().min(1).max(MAX_EMBEDDING_DIMENSION).optional(),
  user: z.string().optional(),
});
export type EmbeddingsRequest = z.infer<typeof EmbeddingsRequestSchema>;

/** Parse, or an OpenAI-style 400 naming the first bad field. */
export function parseRequest<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw requestError(parsed.error);
}

function requestError(error: z.ZodError): GatewayHttpError {
  const issue = error.issues[0]!;
  const param =
    issue.path.length > 0
      ? issue.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, '')
      : null;
  const message = param ? `Invalid value for '${param}': ${issue.message}` : `Invalid request body: ${issue.message}`;
  return badRequest(message, param, 'invalid_value');
}

/** The text of a message's content, string or array of text parts. */
export function messageText(message: ChatRequestMessage): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((part) => typeof part.text === 'string')
    .map((part) => part.text)
    .join('\n');
}
