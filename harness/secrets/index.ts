export { CandidateSeed, deriveCandidateSeed } from './seed';
export { RandomStream, createStream } from './random';
export { DEMO_SECRET, resolveSecret } from './secret';
