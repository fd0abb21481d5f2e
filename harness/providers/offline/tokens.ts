import { getEncoding, type Tiktoken } from 'js-tiktoken';

/**
 * Token counting with cl100k_base (js-tiktoken; the ranks ship inside the
 * package, nothing is downloaded). js-tiktoken's BPE is quadratic in the
 * length of one piece and slow (about 10 µs a character) on text that is not
 * in its vocabulary, so three guards keep a hostile body from stalling the
 * gateway; ordinary English prose is still counted exactly:
 *  - an unbroken run of more than LONG_RUN non-whitespace characters (a
 *    base64 blob, a minified line) is estimated, not encoded: one token per
 *    4 ASCII characters plus one per other code point;
 *  - runs that are slow to encode (holding non-ASCII, or longer than
 *    SLOW_RUN) are encoded only up to SLOW_BUDGET characters per text, and
 *    estimated after that;
 *  - only the first EXACT_LIMIT characters of a text are counted this way;
 *    the rest is extrapolated at the ratio measured on that prefix.
 */
const LONG_RUN = 64;
const SLOW_RUN = 16;
const SLOW_BUDGET = 4 * 1024;
const EXACT_LIMIT = 128 * 1024;

let encoder: Tiktoken | undefined;

function encoding(): Tiktoken {
  encoder ??= getEncoding('cl100k_base');
  return encoder;
}

export function estimateRunTokens(run: string): number {
  let ascii = 0;
  let other = 0;
  for (const ch of run) {
    if (ch.charCodeAt(0) < 128) ascii += 1;
    else other += 1;
  }
  return Math.ceil(ascii / 4) + other;
}

// The whitespace of the \s class, so runs split where cl100k's pattern splits.
function isSpace(code: number): boolean {
  return (
    code <= 32 ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function countGuarded(text: string): number {
  const enc = encoding();
  const exact = (from: number, to: number): number => (to > from ? enc.encode(text.slice(from, to)).length : 0);
  let count = 0;
  let spanStart = 0;
  let slowBudget = SLOW_BUDGET;
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i += 1;
    const runStart = i;
    let nonAscii = false;
    while (i < n) {
      const code = text.charCodeAt(i);
      if (isSpace(code)) break;
      if (code >= 128) nonAscii = true;
      i += 1;
    }
    const length = i - runStart;
    if (length === 0) break;
    let estimate = length > LONG_RUN;
    if (!estimate && (nonAscii || length > SLOW_RUN)) {
      slowBudget -= length;
      estimate = slowBudget < 0;
    }
    if (estimate) {
      count += exact(spanStart, runStart) + estimateRunTokens(text.slice(runStart, i));
      spanStart = i;
    }
  }
  return count + exact(spanStart, n);
}

/** Tokens in a text (cl100k_base, with the guards above). */
export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  if (text.length <= EXACT_LIMIT) return countGuarded(text);
  const prefix = text.slice(0, EXACT_LIMIT);
  return Math.ceil((countGuarded(prefix) * text.length) / prefix.length);
}

export interface CountableMessage {
  role: string;
  content: string;
  name?: string | undefined;
}

/**
 * Prompt tokens of a chat request, by OpenAI's published rule for its chat
 * models: 3 tokens per message, 1 more if it has a name, 3 to prime the reply.
 */
export function countChatTokens(messages: readonly CountableMessage[]): number {
  let total = 3;
  for (const message of messages) {
    total += 3 + countTokens(message.role) + countTokens(message.content);
    if (message.name) total += 1 + countTokens(message.name);
  }
  return total;
}

/** The first `limit` tokens of a text, decoded back to text (for max_tokens). */
export function truncateToTokens(text: string, limit: number): { text: string; truncated: boolean } {
  if (limit <= 0) return { text: '', truncated: text.length > 0 };
  if (countTokens(text) <= limit) return { text, truncated: false };
  const enc = encoding();
  return { text: enc.decode(enc.encode(text).slice(0, limit)), truncated: true };
}

/** Token ids back to text (embedding requests may send token arrays). */
export function decodeTokens(tokens: readonly number[]): string {
  return encoding().decode([...tokens]);
}
