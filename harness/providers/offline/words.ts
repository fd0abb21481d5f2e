import { isStopWord } from './stopwords';

/**
 * Lower-cased word tokens. Letters and digits, keeping inner apostrophes,
 * dots and commas between alphanumerics, so "4.50", "1,000", "don't" and
 * "v2.1" stay one word: numbers are what RAG questions about prices and
 * limits hinge on.
 */
const WORD = /[\p{L}\p{N}]+(?:['’.,][\p{L}\p{N}]+)*/gu;

export function words(text: string): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) out.push(match[0].replace(/’/g, "'"));
  return out;
}

/** Words that carry meaning: not stop words, and not single letters. */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => !isStopWord(w) && (w.length > 1 || /\d/.test(w)));
}
