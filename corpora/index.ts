export { renderCorpus } from './render/render';
export { writeCorpus } from './render/write';
export * from './types';
export { countWords } from './words';
export { buildQuestionPool, buildQuestionsFromFacts, questionFamily } from './questions/build';
export { splitQuestions, DEV_FAMILIES_PER_CATEGORY } from './questions/split';
export { renderFactProbes, probeMarker, statesFact } from './render/probe';
