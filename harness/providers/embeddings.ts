import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import { OfflineEmbedder, type OfflineEmbedderOptions } from './offline/embedder';

export interface OfflineEmbeddingsParams extends EmbeddingsParams, OfflineEmbedderOptions {}

/**
 * LangChain embeddings backed by the offline hashed TF-IDF embedder: no
 * network, no key, the same vector for the same text on every machine.
 */
export class OfflineEmbeddings extends Embeddings {
  readonly embedder: OfflineEmbedder;

  constructor(fields: OfflineEmbeddingsParams = {}) {
    super(fields);
    const options: OfflineEmbedderOptions = {};
    if (fields.dimension !== undefined) options.dimension = fields.dimension;
    if (fields.charTrigrams !== undefined) options.charTrigrams = fields.charTrigrams;
    this.embedder = new OfflineEmbedder(options);
  }

  get model(): string {
    return this.embedder.modelId;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return this.embedder.embedMany(documents);
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.embedder.embed(document);
  }
}
