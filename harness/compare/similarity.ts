import { lstat, readdir } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { readRegularFile } from '../fs';

/**
 * Code similarity across submissions of one exercise: winnowing fingerprints
 * (Dolos, @dodona/dolos-lib, which tokenises with tree-sitter, so renamed
 * variables and moved whitespace do not hide a copy), with the starter every
 * candidate received left out. The result is a list of pairs for a person to
 * review: never a verdict, never a change to a score.
 */

/** Extensions read, and the Dolos language that parses them. */
const LANGUAGE_OF: Record<string, string> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.py': 'python',
  '.go': 'go',
  '.java': 'java',
  '.rs': 'rust',
  '.c': 'c',
  '.cpp': 'cpp',
  '.cc': 'cpp',
  '.cs': 'c-sharp',
  '.sh': 'bash',
};
/** Folders that hold no code the candidate wrote: dependencies, builds, caches, version control. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'coverage', '__pycache__', '.venv', 'venv', '.mypy_cache', '.pytest_cache', '.cache']);
/** Files larger than this are generated or data, not code a person wrote. */
const MAX_FILE_BYTES = 256 * 1024;
const MAX_FILES = 1000;

export interface SimilaritySubmission {
  name: string;
  dir: string;
}

export interface SimilarPair {
  a: string;
  b: string;
  /** Share of both sides' fingerprints they have in common (Dolos' similarity, 0..1), starter fingerprints left out. */
  similarity: number;
  /** The longest run of shared fingerprints, in k-grams of tokens. */
  longest: number;
  languages: string[];
  /** Files holding the shared code on each side (up to 5), to open first. */
  files: { a: string[]; b: string[] };
}

export interface SimilarityResult {
  method: string;
  /** Pairs at or above THRESHOLD, most similar first, at most MAX_PAIRS. */
  pairs: SimilarPair[];
  threshold: number;
  /** Submissions read, with their code file count. */
  compared: { name: string; files: number }[];
  /** Submissions not compared, with why. */
  skipped: { name: string; reason: string }[];
  starter: string | null;
  note: string;
}

interface CodeFile {
  path: string;
  language: string;
  content: string;
}

async function codeFiles(root: string): Promise<CodeFile[]> {
  const out: CodeFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    for (const entry of entries) {
      if (out.length >= MAX_FILES) return;
      const path = join(dir, entry.name);
      // Symlinks are never followed: a submission is untrusted and may point anywhere.
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) await walk(path);
        continue;
      }
      const language = LANGUAGE_OF[extname(entry.name).toLowerCase()];
      if (!entry.isFile() || !language || entry.name.endsWith('.d.ts') || entry.name.endsWith('.min.js')) continue;
      if ((await lstat(path)).size > MAX_FILE_BYTES) continue;
      out.push({ path: relative(root, path), language, content: (await readRegularFile(path, MAX_FILE_BYTES)).toString('utf8') });
    }
  };
  await walk(root);
  return out;
}

interface Side {
  name: string;
  files: CodeFile[];
}

/**
 * Pairs of submissions whose code looks alike. STARTER (the kit's starter
 * code) is left out twice: files identical to a starter file are dropped, and
 * fingerprints found in the starter are ignored (Dolos' template file), so
 * code every candidate was given makes nobody look alike.
 */
export async function findSimilarSubmissions(
  submissions: readonly SimilaritySubmission[],
  options: { starterDir?: string | undefined; threshold?: number; maxPairs?: number } = {},
): Promise<SimilarityResult> {
  const threshold = options.threshold ?? 0.5;
  const maxPairs = options.maxPairs ?? 50;
  const starterFiles = options.starterDir ? await codeFiles(options.starterDir) : [];
  const starterContent = new Set(starterFiles.map((f) => f.content));
  const sides: Side[] = [];
  const skipped: SimilarityResult['skipped'] = [];
  for (const s of submissions) {
    try {
      const files = (await codeFiles(s.dir)).filter((f) => !starterContent.has(f.content));
      if (files.length === 0) skipped.push({ name: s.name, reason: 'no code beyond the starter' });
      else sides.push({ name: s.name, files });
    } catch (error) {
      skipped.push({ name: s.name, reason: `could not read ${s.dir}: ${(error as Error).message}` });
    }
  }
  const found = new Map<string, Found>();
  const languages = [...new Set(sides.flatMap((s) => s.files.map((f) => f.language)))].sort();
  for (const language of languages) {
    const withCode = sides.filter((s) => s.files.some((f) => f.language === language));
    if (withCode.length < 2) continue;
    await compareLanguage(language, withCode, starterFiles, threshold, found);
  }
  const pairs = [...found.values()]
    .map((p) => ({
      a: p.a,
      b: p.b,
      similarity: p.total > 0 ? p.covered / p.total : 0,
      longest: p.longest,
      languages: p.languages,
      files: { a: mostShared(p.files.a), b: mostShared(p.files.b) },
    }))
    .filter((p) => p.similarity >= threshold)
    .sort((x, y) => y.similarity - x.similarity || y.longest - x.longest || (x.a + x.b < y.a + y.b ? -1 : 1))
    .slice(0, maxPairs);
  return {
    method: 'winnowing fingerprints (Dolos, @dodona/dolos-lib: tree-sitter tokens, 23-token k-grams, window 17), per language, starter fingerprints ignored',
    pairs,
    threshold,
    compared: sides.map((s) => ({ name: s.name, files: s.files.length })),
    skipped,
    starter: options.starterDir ?? null,
    note: 'Pairs to look at, not a verdict: shared code can come from the same tutorial, library example or assistant. Nothing here changes a score.',
  };
}

interface Found {
  a: string;
  b: string;
  covered: number;
  total: number;
  longest: number;
  languages: string[];
  /** Shared k-grams per file, on each side: the files to open first are those holding the most. */
  files: { a: Map<string, number>; b: Map<string, number> };
}

/** Up to 5 files, those holding the most shared k-grams first (ties by path). */
function mostShared(counts: ReadonlyMap<string, number>): string[] {
  return [...counts]
    .sort(([pa, a], [pb, b]) => b - a || (pa < pb ? -1 : 1))
    .slice(0, 5)
    .map(([path]) => path);
}

/** A submission's files of one language joined into one text, with the first line (0-based) of each. */
function joined(files: readonly CodeFile[]): { text: string; starts: { path: string; line: number }[] } {
  const starts: { path: string; line: number }[] = [];
  let line = 0;
  const parts: string[] = [];
  for (const f of files) {
    starts.push({ path: f.path, line });
    const text = f.content.endsWith('\n') ? f.content : `${f.content}\n`;
    parts.push(text);
    line += text.split('\n').length - 1;
  }
  return { text: parts.join(''), starts };
}

function fileAt(starts: readonly { path: string; line: number }[], row: number): string | undefined {
  let found: string | undefined;
  for (const s of starts) if (s.line <= row) found = s.path;
  return found;
}

async function compareLanguage(language: string, sides: readonly Side[], starter: readonly CodeFile[], threshold: number, found: Map<string, Found>): Promise<void> {
  // Loaded here: the native tree-sitter parsers load only when similarity is asked for.
  const { Dolos, File } = await import('@dodona/dolos-lib');
  const dolos = new Dolos({ language });
  // One file per submission (its files of this language in path order), so pairs are submissions, not files.
  const texts = new Map(sides.map((s) => [s.name, joined(s.files.filter((f) => f.language === language))]));
  const files = sides.map((s) => new File(s.name, texts.get(s.name)?.text ?? ''));
  const starterOfLanguage = starter.filter((f) => f.language === language);
  const ignored = starterOfLanguage.length ? new File('starter', joined(starterOfLanguage).text) : undefined;
  const report = await dolos.analyze(files, 'takehome', ignored);
  for (const pair of report.allPairs()) {
    const swap = pair.leftFile.path > pair.rightFile.path;
    const [a, b] = swap ? [pair.rightFile.path, pair.leftFile.path] : [pair.leftFile.path, pair.rightFile.path];
    const key = `${a}\u0000${b}`;
    const entry = found.get(key) ?? { a, b, covered: 0, total: 0, longest: 0, languages: [], files: { a: new Map<string, number>(), b: new Map<string, number>() } };
    entry.covered += pair.leftCovered + pair.rightCovered;
    entry.total += pair.leftTotal + pair.rightTotal - pair.leftIgnored - pair.rightIgnored;
    entry.longest = Math.max(entry.longest, pair.longest);
    if (pair.leftCovered + pair.rightCovered > 0) entry.languages.push(language);
    // Which files the shared code sits in: only for pairs worth a look (fragments cost time).
    if (pair.similarity >= threshold / 2) {
      const left = texts.get(pair.leftFile.path)?.starts ?? [];
      const right = texts.get(pair.rightFile.path)?.starts ?? [];
      for (const fragment of pair.buildFragments()) {
        const l = fileAt(left, fragment.leftSelection.startRow);
        const r = fileAt(right, fragment.rightSelection.startRow);
        const size = fragment.pairs.length;
        const bump = (m: Map<string, number>, file: string) => m.set(file, (m.get(file) ?? 0) + size);
        if (l) bump(swap ? entry.files.b : entry.files.a, l);
        if (r) bump(swap ? entry.files.a : entry.files.b, r);
      }
    }
    found.set(key, entry);
  }
}
