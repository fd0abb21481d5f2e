export { manifestSchema, mlManifestSchema, ragManifestSchema, readManifest, type Manifest, type MlManifest, type RagManifest } from './manifest';
