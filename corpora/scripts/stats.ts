/** Print corpus counts for the demo candidate: `npx tsx corpora/scripts/stats.ts [-v | -p DOC_ID]`. */
import { deriveCandidateSeed } from '../../harness/secrets';
import { countWords, renderCorpus } from '../index';

const seed = deriveCandidateSeed('demo', 'rag', 'alice');
const r = renderCorpus(seed);
let words = 0;
for (const d of r.docs) {
  const w = countWords(d.markdown);
  words += w;
  if (process.argv[2] === '-v') console.log(d.path, w);
}
console.log('docs', r.docs.length, 'words', words, 'facts', Object.keys(r.facts).length);
if (process.argv[2] === '-p') console.log(r.docs.find((d) => d.id === process.argv[3])?.markdown);
