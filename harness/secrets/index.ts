export { CandidateSeed, deriveCandidateSeed, validateCandidateId, validateExerciseId } from './seed';
export { RandomStream, createStream } from './random';
export { DEMO_SECRET, resolveSecret, type ResolvedSecret, type ResolveSecretOptions } from './secret';
