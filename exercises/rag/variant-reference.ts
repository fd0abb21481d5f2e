import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { directoryHash } from '../../harness/exercise/reference';
import type { RagMetric } from '../../graders/rag/metric-names';
import { takehomeCacheDir, writeFileAtomic } from '../../harness/fs';
import { HARNESS_ROOT } from '../../harness/sandbox';
import type { Metric, Scorecard, ScorecardItem } from '../../harness/scorecard';

/**
 * Variant difficulty, made visible: every full RAG grade carries the
 * reference pipeline's score on the same variant and questions
 * (`referenceOverall`, and the `variant-reference` item with both results
 * side by side). Two candidates' variants differ in their facts and hidden
 * questions, so an overall of 0.5 can be strong on one and middling on
 * another; the reference's score on the same questions says which.
 *
 * The reference's figures are cached per variant, split, grader version and
 * reference source (one JSON file each under the cache folder), so a variant
 * costs one extra reference run, and none when the reference itself was graded
 * first (calibration and the demo grade it first and fill the cache).
 */

export const REFERENCE_DIR = join(HARNESS_ROOT, 'exercises', 'rag', 'reference');
// v2 keeps every metric of the reference (the rubric takes hit@5 and citationPrecision relative to it); v1 files are graded again.
const SCHEMA = 'takehome.rag-variant-reference/v2';
/** The metrics shown side by side in the variant-reference item. */
const KEPT: readonly RagMetric[] = ['overall', 'answerQuality', 'refusalDiscrimination', 'numericReasoning'];

export interface VariantReference {
  schema: typeof SCHEMA;
  variant: string;
  split: string;
  questions: number;
  graderVersion: string;
  /** sha256 of the reference pipeline's files: an edited reference is graded again. */
  referenceHash: string;
  metrics: Partial<Record<RagMetric, Metric>>;
}

/** The folder the cache lives in: TAKEHOME_REFERENCE_CACHE, else $XDG_CACHE_HOME/takehome/rag-reference (~/.cache/...). */
export function defaultReferenceCacheDir(env: Readonly<Record<string, string | undefined>>): string {
  return env.TAKEHOME_REFERENCE_CACHE || takehomeCacheDir('rag-reference', env);
}

export function isReferenceSubmission(dir: string): boolean {
  return resolve(dir) === resolve(REFERENCE_DIR);
}

/** sha256 over the reference's own files (path and bytes, sorted; no node_modules or index). */
export function referenceHash(dir = REFERENCE_DIR): Promise<string> {
  return directoryHash(dir);
}

export interface ReferenceKey {
  variant: string;
  split: string;
  questions: number;
  graderVersion: string;
  referenceHash: string;
}

export function cachePath(cacheDir: string, key: ReferenceKey): string {
  const id = createHash('sha256')
    .update(JSON.stringify([key.variant, key.split, key.questions, key.graderVersion, key.referenceHash]))
    .digest('hex')
    .slice(0, 24);
  return join(cacheDir, `${key.variant}-${key.split}-${id}.json`);
}

/** The cached figures for KEY, or undefined (missing, unreadable or made for another key: graded again). */
export async function readCachedReference(cacheDir: string, key: ReferenceKey): Promise<VariantReference | undefined> {
  try {
    const cached = JSON.parse(await readFile(cachePath(cacheDir, key), 'utf8')) as VariantReference;
    const same = cached.schema === SCHEMA && (['variant', 'split', 'questions', 'graderVersion', 'referenceHash'] as const).every((k) => cached[k] === key[k]);
    return same && cached.metrics?.overall ? cached : undefined;
  } catch {
    return undefined;
  }
}

export async function writeCachedReference(cacheDir: string, reference: VariantReference): Promise<void> {
  await writeFileAtomic(cachePath(cacheDir, reference), `${JSON.stringify(reference, null, 2)}\n`);
}

/** The reference's figures from its own scorecard: every metric it carries but the context one. */
export function referenceFromScorecard(sc: Scorecard, key: Omit<ReferenceKey, 'variant' | 'questions'>): VariantReference {
  const metrics = Object.fromEntries(Object.entries(sc.metrics).filter(([name]) => name !== 'referenceOverall')) as VariantReference['metrics'];
  return { schema: SCHEMA, variant: sc.variant, questions: questionsOf(sc), ...key, metrics };
}

export function questionsOf(sc: Scorecard): number {
  return sc.items.filter((i) => i.kind === 'question').length;
}

const fmt = (m: Metric | undefined) =>
  m?.value === null || m?.value === undefined ? 'n/a' : `${m.value.toFixed(3)}${m.interval ? ` [${m.interval.low.toFixed(3)}, ${m.interval.high.toFixed(3)}]` : ''}`;

/**
 * SC with the reference's result on the same variant beside its own: the
 * `referenceOverall` metric (direction none: it is context, not the
 * candidate's score) and the `variant-reference` check item.
 */
export function withVariantReference(sc: Scorecard, reference: VariantReference, source: 'this submission' | 'cache' | 'graded now'): Scorecard {
  const overall = reference.metrics.overall as Metric;
  const own = sc.metrics.overall;
  const gap = own?.value !== null && own?.value !== undefined && overall.value !== null ? own.value - overall.value : null;
  const item: ScorecardItem = {
    id: 'variant-reference',
    kind: 'check',
    status: 'ok',
    verdicts: {
      difficulty: {
        pass: null,
        score: overall.value,
        reason: `on this variant's ${reference.questions} ${reference.split} questions the reference pipeline scores overall ${fmt(overall)}; this submission ${fmt(own)}${gap === null ? '' : ` (${gap >= 0 ? '+' : ''}${gap.toFixed(3)})`}`,
      },
    },
    evidence: {
      reference: Object.fromEntries(KEPT.flatMap((name) => (reference.metrics[name] ? [[name, reference.metrics[name]]] : []))),
      submission: Object.fromEntries(KEPT.flatMap((name) => (sc.metrics[name] ? [[name, sc.metrics[name]]] : []))),
      source,
      graderVersion: reference.graderVersion,
      referenceHash: reference.referenceHash,
    },
  };
  const referenceOverall: Metric = {
    ...overall,
    direction: 'none',
    description: "the reference pipeline's overall on the same variant and questions: how hard this variant is (compare with overall)",
  };
  return { ...sc, metrics: { ...sc.metrics, referenceOverall }, items: [...sc.items, item] };
}
