/**
 * The ML exercise's claims dataset: a messy tabular extract of damage claims at the
 * fictional Quillfeather Freight Lines, with planted leakage traps, hidden labels,
 * twin probes and a trap catalog, all derived from the candidate's seed.
 */
export { generateClaimsDataset, DEFAULT_TEST_ROWS, DEFAULT_TRAIN_ROWS, type ClaimsDataset, type ClaimsHiddenKey } from './generate';
export { writeCandidateData, writeHiddenKey, candidateFiles, hiddenKeyFiles, CANDIDATE_FILES, HIDDEN_FILES } from './write';
export {
  CATALOG_SCHEMA, DICTIONARY_SCHEMA, columnDocSchema, dictionaryJsonSchema, generateOptionsSchema, probeSchema, trapCatalogSchema, trapEntrySchema,
  twinKindSchema, twinRecordSchema,
  type ColumnDoc, type DictionaryJson, type GenerateOptions, type Probe, type TrapCatalog, type TrapEntry, type TwinRecord,
} from './schema';
export { FEATURE_COLUMNS, LABEL_COLUMN, NAMED_COLUMNS, NOISE_NAMES } from './render';
export { auc, pearson } from './metrics';
