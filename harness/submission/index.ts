export { readManifest } from './manifest';
export { scanForSecretAccess, secretAccessFlag } from './scan';
