/**
 * A fixed English stop-word list. It is the embedder's "IDF prior": words on
 * it occur in nearly every document, so they get a small weight instead of a
 * corpus-estimated IDF (which would make a vector depend on the corpus, and
 * the embedder must be a pure function of the text).
 */
const WORDS = `a about above after again against all also am an and any are aren't as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each either else
ever every few for from further get gets got had hadn't has hasn't have haven't having he her here hers herself him himself
his how however i if in into is isn't it it's its itself just let me more most much must my myself no nor not now of off on
once only or other our ours ourselves out over own per please same she should shouldn't so some such than that that's the their
theirs them themselves then there there's these they this those through thus to too under until up upon us very via was
wasn't we were weren't what what's when where which while who whom whose why will with within without won't would wouldn't
yet you your yours yourself yourselves`;

export const STOP_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean));

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}
