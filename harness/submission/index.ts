export { manifestSchema, mlManifestSchema, ragManifestSchema, readManifest, type Manifest, type MlManifest, type RagManifest } from './manifest';
export { forEachSourceLine, scanForSecretAccess, secretAccessFlag, secretAccessRules, MAX_FINDINGS, type SourceFinding } from './scan';
