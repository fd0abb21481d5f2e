import { join } from 'node:path';
import { buildQuestionPool, renderCorpus, splitQuestions } from '../../../corpora';
import { makePrivateDir, writeFileAtomic } from '../../../harness/fs';
import type { CandidateSeed } from '../../../harness/secrets';
import { assertEmptyOrAbsent } from '../../../harness/kit';

/**
 * The hidden key of one candidate, for an interviewer who audits a grade: the
 * hidden questions with reference answers, required and forbidden facts and
 * supporting documents. Never the seed: only its public fingerprint.
 */
export function buildRagKey(seed: CandidateSeed): { questionsJsonl: string; summary: { exercise: 'rag'; candidate: string; variant: string; hiddenQuestions: number; documents: number } } {
  const corpus = renderCorpus(seed);
  const { hidden } = splitQuestions(seed, buildQuestionPool(seed));
  return {
    questionsJsonl: `${hidden.map((q) => JSON.stringify(q)).join('\n')}\n`,
    summary: { exercise: 'rag', candidate: seed.candidate, variant: seed.fingerprint, hiddenQuestions: hidden.length, documents: corpus.docs.length },
  };
}

/** Write KEY/hidden-questions.jsonl and KEY/key.json into a new or empty folder (never over a previous key). */
export async function writeRagKey(out: string, seed: CandidateSeed): Promise<{ files: string[]; hiddenQuestions: number }> {
  await assertEmptyOrAbsent(out);
  // The key is the answer sheet: 0600 files in a 0700 folder.
  await makePrivateDir(out);
  const key = buildRagKey(seed);
  await writeFileAtomic(join(out, 'hidden-questions.jsonl'), key.questionsJsonl);
  await writeFileAtomic(join(out, 'key.json'), `${JSON.stringify(key.summary, null, 2)}\n`);
  return { files: ['hidden-questions.jsonl', 'key.json'], hiddenQuestions: key.summary.hiddenQuestions };
}
