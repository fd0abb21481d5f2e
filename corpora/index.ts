export { renderCorpus, renderWithFacts } from './render/render';
export { writeCorpus } from './render/write';
export { generateFacts } from './facts/generate';
export * from './types';
export { countWords } from './words';
export { buildQuestionPool, buildQuestionsFromFacts, questionFamily } from './questions/build';
export { splitQuestions, DEV_FAMILIES_PER_CATEGORY, HIDDEN_TARGET } from './questions/split';
export { QUESTION_TEMPLATES } from './questions/pool';
export type { QuestionTemplate } from './questions/template';
