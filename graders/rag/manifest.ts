import { z } from 'zod';
import { manifestCommand, type ManifestSpec } from '../../harness/submission';

export const ragManifestSchema = z.strictObject({
  exercise: z.literal('rag'),
  ingest: manifestCommand,
  answer: manifestCommand,
});

export type RagManifest = z.infer<typeof ragManifestSchema>;

/** `takehome.json` of a RAG submission: an ingest command run once, then an answer command that serves JSON lines. */
export const RAG_MANIFEST: ManifestSpec<RagManifest> = {
  exercise: 'rag',
  schema: ragManifestSchema,
  example: '{"exercise":"rag","ingest":"npm run ingest","answer":"npm run answer"}',
  docs: 'exercises/rag/README.md',
};
