export { assertEmptyOrAbsent, listFiles, writeKitRepository, type KitFiles } from './repo';
export { scanKitForLeaks, type LeakCheck, type Needle } from './scan';
export { bundleKitTool, KIT_BUNDLE_ROOT } from './bundle';
export { checkKitVariant, KIT_IDENTITY_FILE, readKitIdentity, resolveGradeTarget, withKitIdentity } from './identity';
