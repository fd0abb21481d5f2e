export { manifestCommand, readManifest, type ManifestSpec } from './manifest';
export { scanForSecretAccess, secretAccessFlag } from './scan';
