/**
 * Synthetic chunk sets of a chosen size, made from the real freight corpus so
 * the vectors have the corpus's word statistics (and its near duplicates):
 *
 *  1. base chunks: each document's body (front matter dropped) cut into
 *     windows of WINDOW_WORDS whitespace-separated words, no overlap;
 *  2. variants, until the target count: variant v of base chunk b shuffles b's
 *     sentences, replaces every number by a random one with the same count of
 *     digits, and swaps region names (US, EU, APAC) for another region. All
 *     draws come from createStream(seed, 'bench.rag.chunks').fork(v:b), so a
 *     chunk set is reproducible and a variant never shifts another.
 *
 * Queries are drawn from the same material: perturbed chunk texts (a random
 * 70 % of a chunk's words, kept in order) and the corpus's own question texts.
 */
import { buildQuestionPool, renderCorpus } from '../../corpora';
import { createStream, type CandidateSeed } from '../../harness/secrets';

export const WINDOW_WORDS = 100;
const REGIONS = ['US', 'EU', 'APAC'] as const;

export interface BenchChunk {
  id: string;
  docId: string;
  text: string;
}

function baseChunks(seed: CandidateSeed): BenchChunk[] {
  const out: BenchChunk[] = [];
  for (const doc of renderCorpus(seed).docs) {
    const body = doc.markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
    const words = body.split(/\s+/).filter((w) => w.length > 0);
    for (let start = 0, n = 0; start < words.length; start += WINDOW_WORDS, n += 1) {
      out.push({ id: `${doc.id}#${n}`, docId: doc.id, text: words.slice(start, start + WINDOW_WORDS).join(' ') });
    }
  }
  return out;
}

function splitIntoSentences(text: string): string[] {
  return text.split(/(?<=[.!?:])\s+/).filter((s) => s.length > 0);
}

/** Sentence shuffle, number and region substitution (see the file comment). */
function vary(text: string, stream: ReturnType<typeof createStream>): string {
  const shuffled = stream.shuffle(splitIntoSentences(text)).join(' ');
  const renumbered = shuffled.replace(/\d+/g, (digits) => {
    const lo = digits.length === 1 ? 0 : 10 ** (digits.length - 1);
    return String(stream.int(lo, 10 ** digits.length - 1));
  });
  return renumbered.replace(/\b(US|EU|APAC)\b/g, (region) => stream.pick(REGIONS.filter((r) => r !== region)));
}

/** `count` chunks: every base chunk first, then variants round-robin over the base chunks. */
export function buildChunks(seed: CandidateSeed, count: number): { chunks: BenchChunk[]; baseCount: number } {
  const base = baseChunks(seed);
  const root = createStream(seed, 'bench.rag.chunks');
  const chunks = base.slice(0, count);
  for (let i = chunks.length; i < count; i += 1) {
    const b = i % base.length;
    const v = Math.floor(i / base.length);
    const source = base[b]!;
    chunks.push({ id: `${source.id}@v${v}`, docId: source.docId, text: vary(source.text, root.fork(`${v}:${b}`)) });
  }
  return { chunks, baseCount: base.length };
}

/**
 * `count` query texts: half perturbed chunk texts (70 % of a random chunk's
 * words, in order), half the corpus question pool's texts, both seeded.
 */
export function buildQueries(seed: CandidateSeed, chunks: readonly BenchChunk[], count: number): string[] {
  const stream = createStream(seed, 'bench.rag.queries');
  const fromChunks = Math.ceil(count / 2);
  const perturbed = Array.from({ length: fromChunks }, () => {
    const words = stream.pick(chunks).text.split(' ');
    return words.filter(() => stream.bernoulli(0.7)).join(' ');
  });
  const pool = buildQuestionPool(seed).map((q) => q.question);
  const questions = stream.sample(pool, Math.min(pool.length, count - fromChunks));
  return [...perturbed, ...questions];
}
