import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { takehomeCacheDir, writeFileAtomic } from '../fs';
import { type Scorecard, scorecardSchema, stableStringify } from '../scorecard';
import type { ReferenceRequest } from './contract';

/**
 * A generic per-variant cache of the reference submission's scorecard, for an
 * exercise whose reference grade depends only on the variant (ML; RAG keeps
 * its own cache, which also keys on the question set). One JSON file per
 * exercise, variant, grader version and reference source: an edited reference
 * or a new grader version is graded again, never trusted.
 */

const SCHEMA = 'takehome.reference-scorecard/v1';

/** sha256 over a folder's own files (path and bytes, sorted), leaving out node_modules, .git, .index and out/. */
export async function directoryHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .filter((p) => !/(^|\/)(node_modules|\.index|\.git)(\/|$)|^out\//.test(p))
    .sort();
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(await readFile(join(dir, file)))
      .update('\0');
  return hash.digest('hex');
}

export interface ReferenceSource {
  exercise: string;
  graderVersion: string;
  /** The reference submission's folder (absolute). */
  dir: string;
}

/** The folder of one exercise's cache: TAKEHOME_REFERENCE_CACHE/EXERCISE, else $XDG_CACHE_HOME/takehome/EXERCISE-reference. */
export function referenceCacheDir(exercise: string, env: Readonly<Record<string, string | undefined>>): string {
  return env.TAKEHOME_REFERENCE_CACHE ? join(env.TAKEHOME_REFERENCE_CACHE, exercise) : takehomeCacheDir(`${exercise}-reference`, env);
}

export function isReferenceDir(source: ReferenceSource, dir: string): boolean {
  return resolve(dir) === resolve(source.dir);
}

async function cacheFile(source: ReferenceSource, variant: string, env: Readonly<Record<string, string | undefined>>): Promise<{ path: string; key: string[] }> {
  const key = [source.exercise, variant, source.graderVersion, await directoryHash(source.dir)];
  const id = createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 24);
  return { path: join(referenceCacheDir(source.exercise, env), `${variant}-${id}.json`), key };
}

/** The cached reference scorecard on VARIANT, or undefined (missing, damaged, or made for another key). */
export async function readReferenceScorecard(source: ReferenceSource, variant: string, env: Readonly<Record<string, string | undefined>>): Promise<Scorecard | undefined> {
  const { path, key } = await cacheFile(source, variant, env);
  try {
    const cached = JSON.parse(await readFile(path, 'utf8')) as { schema?: unknown; key?: unknown; scorecard?: unknown };
    if (cached.schema !== SCHEMA || JSON.stringify(cached.key) !== JSON.stringify(key)) return undefined;
    const parsed = scorecardSchema.safeParse(cached.scorecard);
    return parsed.success && parsed.data.status === 'graded' && parsed.data.variant === variant ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Keep a graded reference scorecard for its variant (a failed grade is never cached). */
export async function writeReferenceScorecard(source: ReferenceSource, scorecard: Scorecard, env: Readonly<Record<string, string | undefined>>): Promise<void> {
  if (scorecard.status !== 'graded') return;
  const { path, key } = await cacheFile(source, scorecard.variant, env);
  await writeFileAtomic(path, `${stableStringify({ schema: SCHEMA, key, scorecard })}\n`);
}

/**
 * The reference's scorecard on the variant of REQUEST.scorecard: the cache,
 * else GRADE (the reference graded on that variant, once) kept in the cache.
 * Undefined, with the reason logged, when the reference cannot be graded.
 */
export async function referenceOnVariant(source: ReferenceSource, request: ReferenceRequest, grade: () => Promise<Scorecard>): Promise<Scorecard | undefined> {
  const variant = request.scorecard.variant;
  const cached = await readReferenceScorecard(source, variant, request.env);
  if (cached) return cached;
  request.log?.(`grading the ${source.exercise} reference on variant ${variant}, once (cached in ${referenceCacheDir(source.exercise, request.env)}) ...`);
  const graded = await grade();
  if (graded.status !== 'graded' || graded.variant !== variant) {
    request.log?.(`the ${source.exercise} reference could not be graded on variant ${variant} (${graded.status}: ${graded.problems.join('; ') || 'another variant'})`);
    return undefined;
  }
  await writeReferenceScorecard(source, graded, request.env).catch((error: Error) => request.log?.(`could not cache the reference's result: ${error.message}`));
  return graded;
}
