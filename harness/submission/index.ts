export { manifestCommand, readManifest, type ManifestSpec } from './manifest';
export { forEachSourceLine, scanForSecretAccess, secretAccessFlag, secretAccessRules, MAX_FINDINGS, type SourceFinding } from './scan';
