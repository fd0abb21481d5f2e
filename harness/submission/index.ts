export { manifestCommand, readManifest, type ManifestSpec } from './manifest';
export { scanForSecretAccess, scanSecretAccess, secretAccessFlag, sourceScanItem } from './scan';
