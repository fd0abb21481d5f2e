export { type AutoLevel, autoLevel } from './levels';
export { loadRubric, parseRubric, type RubricContext } from './load';
export { publicRubricFile, renderPublicRubric } from './public';
export { type CurrentReview, median, type ScoreInput, scoreRubric } from './score';
export { type Criterion, LEVELS, type Level, type Rubric } from './schema';
