export { type BlindCopyReport, EMAIL_MARK, NAME_MARK, namePatterns, redact, writeBlindCopy } from './blind';
export { parseReviewInput, readReviewInput, REVIEW_INPUT_SCHEMA } from './input';
export { appendReviews, currentEntries, type NewReview, readReviewLog, REVIEW_LOG, type ReviewEntry } from './log';
export { pseudonymFor } from './pseudonym';
