export { renderCorpus, renderWithFacts } from './render/render';
export { writeCorpus } from './render/write';
export { generateFacts } from './facts/generate';
export * from './types';
export { countWords } from './words';
