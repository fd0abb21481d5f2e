import { contradictedQuestions, deepQuestions, multiHopQuestions } from './pool-deep-multihop';
import { numericQuestions } from './pool-numeric';
import { injectionBaitQuestions, offTopicQuestions, unanswerableQuestions } from './pool-refuse';
import { regionQuestions, versionSensitiveQuestions } from './pool-region-version';
import { singleFactQuestions } from './pool-single';
import { tableQuestions } from './pool-table';
import type { QuestionTemplate } from './template';

/**
 * Every question family, in a fixed order (the order of the rendered pool).
 */
export const QUESTION_TEMPLATES: readonly QuestionTemplate[] = [
  ...singleFactQuestions,
  ...contradictedQuestions,
  ...tableQuestions,
  ...regionQuestions,
  ...versionSensitiveQuestions,
  ...deepQuestions,
  ...multiHopQuestions,
  ...numericQuestions,
  ...unanswerableQuestions,
  ...offTopicQuestions,
  ...injectionBaitQuestions,
];
