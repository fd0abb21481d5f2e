export { type AutoLevel, autoLevel } from './levels';
export { loadRubric, parseRubric } from './load';
export { publicRubricFile, renderPublicRubric } from './public';
export { type CurrentReview, scoreRubric } from './score';
export type { Criterion, Rubric } from './schema';
