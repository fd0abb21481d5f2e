/**
 * Print the corpus and question-pool counts for one candidate:
 *   npx tsx corpora/scripts/stats.ts [-v | -p DOC_ID]
 * -v lists every document with its word count; -p prints one rendered document.
 * Uses the public demo secret, so nothing printed here is secret.
 */
import { deriveCandidateSeed } from '../../harness/secrets';
import { buildQuestionsFromFacts, countWords, renderCorpus, splitQuestions } from '../index';

const seed = deriveCandidateSeed('demo', 'rag', 'alice');
const { docs, facts } = renderCorpus(seed);
if (process.argv[2] === '-p') {
  console.log(docs.find((d) => d.id === process.argv[3])?.markdown ?? `no document ${process.argv[3]}`);
} else {
  let words = 0;
  for (const d of docs) {
    const w = countWords(d.markdown);
    words += w;
    if (process.argv[2] === '-v') console.log(d.path, w);
  }
  const planted: Record<string, number> = {};
  for (const d of docs) for (const p of d.planted) planted[p] = (planted[p] ?? 0) + 1;
  const pool = buildQuestionsFromFacts(facts);
  const byCategory: Record<string, number> = {};
  for (const q of pool) byCategory[q.category] = (byCategory[q.category] ?? 0) + 1;
  const split = splitQuestions(seed, pool);
  console.log(
    JSON.stringify(
      {
        docs: docs.length,
        words,
        facts: Object.keys(facts).length,
        superseded: docs.filter((d) => d.frontMatter.status === 'superseded').length,
        planted,
        questions: pool.length,
        byCategory,
        dev: split.dev.length,
        hidden: split.hidden.length,
      },
      null,
      2,
    ),
  );
}
