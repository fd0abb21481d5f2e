import { z } from 'zod';

/** Public shapes of the claims dataset: options, data dictionary, trap catalog, twins. */

export const DICTIONARY_SCHEMA = 'takehome.ml-claims-dictionary/v1';
export const CATALOG_SCHEMA = 'takehome.ml-claims-traps/v1';

export const generateOptionsSchema = z.strictObject({
  trainRows: z.number().int().min(2_000).max(500_000).optional(),
  testRows: z.number().int().min(1_000).max(200_000).optional(),
});
export type GenerateOptions = z.infer<typeof generateOptionsSchema>;

export const columnTypeSchema = z.enum(['id', 'category', 'integer', 'number', 'amount', 'date', 'boolean', 'text', 'label']);

export const columnDocSchema = z.strictObject({
  name: z.string(),
  type: columnTypeSchema,
  description: z.string(),
  /** When the value is recorded relative to the claim being filed. */
  recordedWhen: z.string(),
  unit: z.string().optional(),
  /** Present in train.csv / test.csv. */
  inTrain: z.boolean(),
  inTest: z.boolean(),
  values: z.array(z.string()).optional(),
});
export type ColumnDoc = z.infer<typeof columnDocSchema>;

export const dictionaryJsonSchema = z.strictObject({
  schema: z.literal(DICTIONARY_SCHEMA),
  dataset: z.string(),
  idColumn: z.string(),
  labelColumn: z.string(),
  trainPeriod: z.strictObject({ from: z.string(), to: z.string() }),
  /** expectedFraudRate: the claims team's forecast of the scoring period's fraud rate (what a candidate calibrates to). */
  testPeriod: z.strictObject({ from: z.string(), to: z.string(), expectedFraudRate: z.number().min(0).max(1) }),
  columns: z.array(columnDocSchema),
});
export type DictionaryJson = z.infer<typeof dictionaryJsonSchema>;

/** How a grader can tell whether a candidate fell for a trap. */
export const probeSchema = z.enum([
  'correlation', // predictions on test track the leak column's test-time values
  'twin', // predictions move between a row and its nuisance twin
  'report', // the report names the issue and how it was handled
  'calibration', // the reported validation estimate is far above the hidden score
  'score', // the hidden score itself drops
]);
export type Probe = z.infer<typeof probeSchema>;

export const trapEntrySchema = z.strictObject({
  id: z.number().int().positive(),
  name: z.string(),
  description: z.string(),
  columns: z.array(z.string()),
  howToAvoid: z.string(),
  probe: probeSchema,
  otherProbes: z.array(probeSchema),
  /** Words a report that noticed the trap is likely to use (lower case). */
  reportKeywords: z.array(z.string()),
  /** Measured on this seed's data: the evidence that the trap is there and how strong. */
  measured: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
});
export type TrapEntry = z.infer<typeof trapEntrySchema>;

export const trapCatalogSchema = z.strictObject({
  schema: z.literal(CATALOG_SCHEMA),
  variant: z.string(),
  traps: z.array(trapEntrySchema),
});
export type TrapCatalog = z.infer<typeof trapCatalogSchema>;

export const twinKindSchema = z.enum(['id', 'batch', 'customer', 'post-outcome', 'duplicate-effect', 'noise', 'null-token', 'spelling', 'format', 'retired-column']);

export const twinRecordSchema = z.strictObject({
  id: z.string(),
  twinOf: z.string(),
  /** The one column that differs from the original besides claim_id (claim_id itself for an id twin; aux_* for a noise twin, where all 40 change). */
  field: z.string(),
  kind: twinKindSchema,
  /** Effect twins (duplicate-effect): the generating function's change of log-odds from the original to the twin. */
  oracleShift: z.number().optional(),
});
export type TwinRecord = z.infer<typeof twinRecordSchema>;
