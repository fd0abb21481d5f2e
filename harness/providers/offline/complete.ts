import type { ExtractiveChat, ChatMessageText } from './extractive';
import { countChatTokens, countTokens, truncateToTokens } from './tokens';

export interface OfflineCompletionOptions {
  /** Most completion tokens (OpenAI max_tokens / max_completion_tokens). */
  maxTokens?: number | undefined;
  /** Stop sequences: the answer is cut before the first one found. */
  stop?: readonly string[] | undefined;
}

export interface OfflineCompletion {
  text: string;
  refused: boolean;
  finishReason: 'stop' | 'length';
  promptTokens: number;
  completionTokens: number;
}

/**
 * One chat completion by the extractive baseline, with the same knobs an
 * OpenAI request has (max tokens, stop) and token usage, so the gateway and
 * the LangChain class report the same figures for the same messages.
 */
export function completeOffline(chat: ExtractiveChat, messages: readonly ChatMessageText[], options: OfflineCompletionOptions = {}): OfflineCompletion {
  const answer = chat.answer(messages);
  let text = answer.text;
  let finishReason: 'stop' | 'length' = 'stop';
  for (const stop of options.stop ?? []) {
    const at = stop.length > 0 ? text.indexOf(stop) : -1;
    if (at >= 0) text = text.slice(0, at);
  }
  if (options.maxTokens !== undefined) {
    const cut = truncateToTokens(text, options.maxTokens);
    text = cut.text;
    if (cut.truncated) finishReason = 'length';
  }
  return { text, refused: answer.refused, finishReason, promptTokens: countChatTokens(messages), completionTokens: countTokens(text) };
}

/** Word-sized pieces (each with its trailing space) for streaming; joined they give the text back. */
export function streamPieces(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}
