export { autoLevel } from './levels';
export { loadRubric, parseRubric } from './load';
