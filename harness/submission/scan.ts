import { lstat, readdir } from 'node:fs/promises';
import { readRegularFile } from '../fs';
import { join, relative } from 'node:path';
import type { Flag } from '../scorecard';

/**
 * Read a submission's own files as text, line by line, to look for what a
 * cheating candidate leaves behind. Nothing of the submission runs here.
 * Symlinks are not followed; vendored folders, binaries and files over
 * 512 KiB are skipped.
 */

export interface SourceFinding {
  file: string;
  line: number;
  rule: string;
  excerpt: string;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.index', 'dist', 'build', '.venv', '__pycache__']);
const MAX_FILE_BYTES = 512 * 1024;
const MAX_FILES = 5000;
/** Findings kept per rule list: enough evidence, bounded scorecards. */
export const MAX_FINDINGS = 20;

/** Deeper folders are not walked (the sandbox refuses to copy a submission deeper than this anyway). */
const MAX_DEPTH = 40;

async function* files(dir: string, depth = 0): AsyncGenerator<string> {
  if (depth > MAX_DEPTH) return;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) yield* files(path, depth + 1);
    } else if (entry.isFile()) {
      yield path;
    }
  }
}

/** Call VISIT for every line of every text file under ROOT (path relative to ROOT, 1-based line); returns the files read. */
export async function forEachSourceLine(root: string, visit: (file: string, line: number, text: string) => void): Promise<number> {
  let scanned = 0;
  for await (const path of files(root)) {
    if (scanned >= MAX_FILES) break;
    const info = await lstat(path).catch(() => undefined);
    if (!info?.isFile() || info.size > MAX_FILE_BYTES) continue;
    const buffer = await readRegularFile(path, MAX_FILE_BYTES).catch(() => undefined);
    if (!buffer) continue;
    if (buffer.includes(0)) continue;
    scanned += 1;
    const file = relative(root, path);
    buffer
      .toString('utf8')
      .split('\n')
      .forEach((text, index) => visit(file, index + 1, text));
  }
  return scanned;
}

/** Reads of what the sandbox hides: harness variables, other processes' environments, secret and key files. */
const SECRET_ACCESS: { rule: string; pattern: RegExp }[] = [
  { rule: 'reads a harness variable', pattern: /(?:\benv\b|environ|getenv|\bENV\b|\$\{?)[^\n]{0,24}\bTAKEHOME_[A-Z_]+/ },
  { rule: "reads another process's environment", pattern: /\/proc\/[^\s'"`]{0,40}?\/environ\b/ },
  { rule: "reads the harness's secret folder", pattern: /[~/]\.takehome\b/ },
  { rule: 'reads a hidden key file', pattern: /\b(?:hidden-questions\.jsonl|test_labels\.csv|twins\.csv|trap_catalog\.json)\b/ },
];

/** The secret-access rules TEXT matches. */
export function secretAccessRules(text: string): string[] {
  return SECRET_ACCESS.filter(({ pattern }) => pattern.test(text)).map(({ rule }) => rule);
}

/** Every place under ROOT that tries to read what the sandbox hides (at most MAX_FINDINGS). */
export async function scanForSecretAccess(root: string): Promise<SourceFinding[]> {
  const found: SourceFinding[] = [];
  await forEachSourceLine(root, (file, line, text) => {
    for (const rule of secretAccessRules(text)) if (found.length < MAX_FINDINGS) found.push({ file, line, rule, excerpt: text.trim().slice(0, 160) });
  });
  return found;
}

/** The sandbox-violation flag for source that tries to read the secret, other environments or the key; undefined when there is none. */
export function secretAccessFlag(findings: readonly SourceFinding[]): Flag | undefined {
  const first = findings[0];
  if (!first) return undefined;
  return {
    code: 'sandbox-violation',
    severity: 'critical',
    message: `the source tries to read what the sandbox hides (the grading secret, other processes' environments, the hidden key): ${findings.length} place(s), first ${first.file}:${first.line} (${first.rule})`,
    evidence: { findings },
  };
}
