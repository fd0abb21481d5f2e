import { z } from 'zod';
import { manifestCommand, type ManifestSpec } from '../../harness/submission';

export const mlManifestSchema = z.strictObject({
  exercise: z.literal('ml'),
  run: manifestCommand.optional(),
});

export type MlManifest = z.infer<typeof mlManifestSchema>;

/** `takehome.json` of an ML submission: optional; its `run` command writes predictions.csv and report.json to $OUT_DIR. */
export const ML_MANIFEST: ManifestSpec<MlManifest> = {
  exercise: 'ml',
  schema: mlManifestSchema,
  example: '{"exercise":"ml","run":"npm run predict"}',
  docs: 'exercises/ml/README.md',
};
