export { type BlindCopyReport, writeBlindCopy } from './blind';
export { parseReviewInput, readReviewInput } from './input';
export { appendReviews, currentEntries, type NewReview, readReviewLog, REVIEW_LOG, type ReviewEntry } from './log';
export { pseudonymFor } from './pseudonym';
