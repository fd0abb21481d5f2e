import { join, normalize, sep } from 'node:path';
import { writeFileAtomic } from '../../harness/fs';
import { InternalError } from '../../harness/errors';
import type { RenderedCorpus } from '../types';

/**
 * Write the rendered documents under `dir` (only the Markdown files: the facts
 * are the answer key and never go to disk). Same seed, same bytes.
 * Returns the written paths, relative to `dir`, sorted.
 */
export async function writeCorpus(dir: string, rendered: Pick<RenderedCorpus, 'docs'>): Promise<string[]> {
  const paths: string[] = [];
  for (const doc of [...rendered.docs].sort((a, b) => a.path.localeCompare(b.path))) {
    const rel = normalize(doc.path);
    if (rel.startsWith('..') || rel.startsWith(sep)) throw new InternalError(`document ${doc.id} has a path outside the corpus: ${doc.path}`);
    // Read by the candidate's code in the sandbox: readable by any uid.
    await writeFileAtomic(join(dir, rel), doc.markdown, { public: true });
    paths.push(doc.path);
  }
  return paths;
}
