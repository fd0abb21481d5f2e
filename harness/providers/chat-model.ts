import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { BaseChatModel, type BaseChatModelCallOptions, type BaseChatModelParams } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import { completeOffline, streamPieces, type OfflineCompletion } from './offline/complete';
import { ExtractiveChat, type ChatMessageText, type ExtractiveChatOptions } from './offline/extractive';

export interface OfflineChatModelParams extends BaseChatModelParams, ExtractiveChatOptions {
  /** Most completion tokens per answer. */
  maxTokens?: number;
}

export interface OfflineChatModelCallOptions extends BaseChatModelCallOptions {
  stop?: string[];
}

const ROLE_BY_TYPE: Record<string, string> = { human: 'user', ai: 'assistant', system: 'system', developer: 'system', tool: 'tool', function: 'tool', generic: 'user' };

export function toChatMessages(messages: readonly BaseMessage[]): ChatMessageText[] {
  return messages.map((m) => ({ role: ROLE_BY_TYPE[m.type] ?? 'user', content: m.text }));
}

/**
 * A LangChain chat model backed by the extractive baseline: a deterministic
 * BASELINE, not a language model. It quotes the best 1-3 sentences of the
 * context it is given (or refuses) and never follows instructions.
 */
export class OfflineChatModel extends BaseChatModel<OfflineChatModelCallOptions> {
  readonly chat: ExtractiveChat;
  readonly maxTokens: number | undefined;

  static override lc_name(): string {
    return 'OfflineChatModel';
  }

  constructor(fields: OfflineChatModelParams = {}) {
    super(fields);
    this.chat = new ExtractiveChat(fields);
    this.maxTokens = fields.maxTokens;
  }

  _llmType(): string {
    return 'takehome-offline-extractive';
  }

  get model(): string {
    return this.chat.modelId;
  }

  private complete(messages: BaseMessage[], options: this['ParsedCallOptions']): OfflineCompletion {
    return completeOffline(this.chat, toChatMessages(messages), { maxTokens: this.maxTokens, stop: options.stop });
  }

  private usage(result: OfflineCompletion) {
    return { input_tokens: result.promptTokens, output_tokens: result.completionTokens, total_tokens: result.promptTokens + result.completionTokens };
  }

  async _generate(messages: BaseMessage[], options: this['ParsedCallOptions'], _runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    const result = this.complete(messages, options);
    const message = new AIMessage({
      content: result.text,
      usage_metadata: this.usage(result),
      response_metadata: { model_name: this.model, finish_reason: result.finishReason, refused: result.refused },
    });
    return {
      generations: [{ text: result.text, message, generationInfo: { finish_reason: result.finishReason } }],
      llmOutput: { tokenUsage: { promptTokens: result.promptTokens, completionTokens: result.completionTokens, totalTokens: result.promptTokens + result.completionTokens } },
    };
  }

  override async *_streamResponseChunks(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatGenerationChunk> {
    const result = this.complete(messages, options);
    for (const piece of streamPieces(result.text)) {
      if (options.signal?.aborted) return;
      yield new ChatGenerationChunk({ text: piece, message: new AIMessageChunk({ content: piece }) });
      await runManager?.handleLLMNewToken(piece);
    }
    // Usage and finish reason ride on a last empty chunk, as ChatOpenAI does with include_usage.
    yield new ChatGenerationChunk({
      text: '',
      message: new AIMessageChunk({ content: '', usage_metadata: this.usage(result), response_metadata: { model_name: this.model, finish_reason: result.finishReason } }),
      generationInfo: { finish_reason: result.finishReason },
    });
  }
}
