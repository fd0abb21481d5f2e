/**
 * The ML exercise's claims dataset: a messy tabular extract of damage claims at the
 * fictional Quillfeather Freight Lines, with planted leakage traps, hidden labels,
 * twin probes and a trap catalog, all derived from the candidate's seed.
 */
export { generateClaimsDataset, type ClaimsDataset, type ClaimsHiddenKey } from './generate';
export { datasetCacheDir, loadClaimsDataset } from './cache';
export { writeCandidateData, writeHiddenKey, candidateFiles, hiddenKeyFiles, CANDIDATE_FILES, HIDDEN_FILES } from './write';
export { dictionaryJsonSchema, trapCatalogSchema } from './schema';
