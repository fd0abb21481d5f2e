import { constants } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Flag, ScorecardItem } from '../scorecard';

/**
 * Read a submission's own files as text, line by line, to look for what a
 * cheating candidate leaves behind. Nothing of the submission runs here.
 *
 * Every file the sandbox copies is scanned (issue 11): `dist/`, `build/` and
 * vendored folders included, binaries (read byte for byte as Latin-1, so ASCII
 * inside stays readable) and big files (their first SCAN_FILE_BYTES). Only the
 * top-level folders the grader does not copy are left out (`exclude`). What
 * cannot be scanned is listed (`unscannable`): compressed archives, unreadable
 * files, what is past the per-file or total budget. Symlinks are not followed.
 */

export interface SourceFinding {
  file: string;
  line: number;
  rule: string;
  excerpt: string;
  /** The file is documentation (README, *.md, *.txt, ...): a mention there is evidence, never a flag. */
  documentation?: boolean;
}

export interface ScanStats {
  /** Files read (in full or in part). */
  scanned: number;
  /** Files that could not be (fully) scanned, with why: shown to the interviewer. */
  unscannable: { file: string; reason: string }[];
}

export interface ScanOptions {
  /** Top-level names not scanned because the sandbox does not copy them (the grader's excludeFromCopy). */
  exclude?: readonly string[];
}

/** The grader's usual excludeFromCopy: what it scans is what it runs. */
export const DEFAULT_SCAN_EXCLUDE = ['node_modules', '.git', '.index'] as const;
/** Bytes of one file scanned; the rest of a bigger file is listed as not scanned. */
export const SCAN_FILE_BYTES = 16 * 1024 * 1024;
/** Bytes scanned per submission in all; files past it are listed as not scanned. */
export const SCAN_TOTAL_BYTES = 256 * 1024 * 1024;
const MAX_FILES = 50_000;
const MAX_DEPTH = 40;
/** Longer lines (minified bundles, binaries) are scanned in overlapping windows. */
const WINDOW = 4096;
const OVERLAP = 256;
const MAX_UNSCANNABLE = 200;
/** Findings kept per rule list: enough evidence, bounded scorecards. */
export const MAX_FINDINGS = 20;

const DOC_EXTENSIONS = /\.(?:md|markdown|mdx|txt|rst|adoc|asciidoc|org|textile)$/i;
const DOC_NAMES = /^(?:readme|notes|changelog|changes|history|authors|contributing|license|licence|copying|todo)(?:\.[a-z0-9]+)?$/i;

/** Documentation rather than code: README, NOTES, *.md, *.txt and the like. */
export function isDocumentation(file: string): boolean {
  const name = file.split('/').pop() ?? file;
  return DOC_EXTENSIONS.test(name) || DOC_NAMES.test(name);
}

/** Compressed data scans as noise: recognised by its magic bytes. */
function compressedKind(head: Buffer): string | undefined {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x1f, 0x8b)) return 'gzip';
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'zip';
  if (starts(0x28, 0xb5, 0x2f, 0xfd)) return 'zstd';
  if (starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) return 'xz';
  if (starts(0x42, 0x5a, 0x68)) return 'bzip2';
  if (starts(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c)) return '7z';
  return undefined;
}

async function* files(root: string, dir: string, exclude: ReadonlySet<string>, depth: number, stats: ScanStats): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => undefined);
  if (!entries) {
    note(stats, relative(root, dir) || '.', 'folder not readable');
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (depth === 0 && exclude.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (depth + 1 > MAX_DEPTH) note(stats, relative(root, path), `deeper than ${MAX_DEPTH} folders: not scanned`);
      else yield* files(root, path, exclude, depth + 1, stats);
    } else if (entry.isFile()) {
      yield path;
    }
  }
}

function note(stats: ScanStats, file: string, reason: string): void {
  if (stats.unscannable.length < MAX_UNSCANNABLE) stats.unscannable.push({ file, reason });
}

/** Read at most `max` bytes of a regular file (no link followed, no blocking). */
async function head(path: string, max: number): Promise<{ bytes: Buffer; size: number }> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new Error('not a regular file');
    const bytes = Buffer.alloc(Math.min(st.size, max));
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { bytes: bytes.subarray(0, filled), size: st.size };
  } finally {
    await handle.close();
  }
}

/**
 * Call VISIT for every line of every file under ROOT that the sandbox would
 * copy (path relative to ROOT, 1-based line; a long line comes in overlapping
 * windows, each with the line's number); returns what was scanned and what
 * could not be.
 */
export async function forEachSourceLine(root: string, visit: (file: string, line: number, text: string) => void, options: ScanOptions = {}): Promise<ScanStats> {
  const stats: ScanStats = { scanned: 0, unscannable: [] };
  const exclude = new Set(options.exclude ?? DEFAULT_SCAN_EXCLUDE);
  let budget = SCAN_TOTAL_BYTES;
  let seen = 0;
  for await (const path of files(root, root, exclude, 0, stats)) {
    const file = relative(root, path).split(sep).join('/');
    seen += 1;
    if (seen > MAX_FILES) {
      note(stats, file, `past the first ${MAX_FILES} files: not scanned`);
      continue;
    }
    if (budget <= 0) {
      note(stats, file, `the scan's ${SCAN_TOTAL_BYTES}-byte budget was spent: not scanned`);
      continue;
    }
    let read: { bytes: Buffer; size: number };
    try {
      read = await head(path, Math.min(SCAN_FILE_BYTES, budget));
    } catch (error) {
      note(stats, file, `not readable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      continue;
    }
    const compressed = compressedKind(read.bytes);
    if (compressed) {
      note(stats, file, `${compressed}-compressed data: its content cannot be scanned`);
      continue;
    }
    budget -= read.bytes.length;
    stats.scanned += 1;
    if (read.bytes.length < read.size) note(stats, file, `only the first ${read.bytes.length} of ${read.size} bytes scanned`);
    const binary = read.bytes.includes(0);
    const text = read.bytes.toString(binary ? 'latin1' : 'utf8');
    text.split('\n').forEach((line, index) => {
      if (line.length <= WINDOW) visit(file, index + 1, line);
      else for (let at = 0; at < line.length; at += WINDOW - OVERLAP) visit(file, index + 1, line.slice(at, at + WINDOW));
    });
  }
  return stats;
}

/** Reads of what the sandbox hides: harness variables, other processes' environments, secret and key files. */
const SECRET_ACCESS: { rule: string; pattern: RegExp }[] = [
  // TAKEHOME_DEBUG is the harness's own debug switch, read by the gateway code bundled into every kit's check tool: no secret.
  { rule: 'reads a harness variable', pattern: /(?:\benv\b|environ|getenv|\bENV\b|\$\{?)[^\n]{0,24}\bTAKEHOME_(?!DEBUG\b)[A-Z_]+/ },
  { rule: "reads another process's environment", pattern: /\/proc\/[^\s'"`]{0,40}?\/environ\b/ },
  { rule: "reads the harness's secret folder", pattern: /[~/]\.takehome\b/ },
  { rule: 'reads a hidden key file', pattern: /\b(?:hidden-questions\.jsonl|test_labels\.csv|twins\.csv|trap_catalog\.json)\b/ },
];

/** The secret-access rules TEXT matches. */
export function secretAccessRules(text: string): string[] {
  return SECRET_ACCESS.filter(({ pattern }) => pattern.test(text)).map(({ rule }) => rule);
}

/** Every place under ROOT that tries to read what the sandbox hides (at most MAX_FINDINGS), and what could not be scanned. */
export async function scanSecretAccess(root: string, options: ScanOptions = {}): Promise<{ findings: SourceFinding[]; stats: ScanStats }> {
  const findings: SourceFinding[] = [];
  const stats = await forEachSourceLine(
    root,
    (file, line, text) => {
      for (const rule of secretAccessRules(text)) {
        if (findings.length < MAX_FINDINGS && !findings.some((f) => f.file === file && f.line === line && f.rule === rule)) {
          findings.push({ file, line, rule, excerpt: text.trim().slice(0, 160), ...(isDocumentation(file) ? { documentation: true } : {}) });
        }
      }
    },
    options,
  );
  return { findings, stats };
}

/** Every place under ROOT that tries to read what the sandbox hides (at most MAX_FINDINGS). */
export async function scanForSecretAccess(root: string, options: ScanOptions = {}): Promise<SourceFinding[]> {
  return (await scanSecretAccess(root, options)).findings;
}

/**
 * The sandbox-violation flag for code that tries to read the secret, other
 * environments or the key; undefined when there is none. A mention in
 * documentation (a README naming test_labels.csv) is evidence, never a flag.
 */
export function secretAccessFlag(findings: readonly SourceFinding[]): Flag | undefined {
  const code = findings.filter((f) => !f.documentation);
  const first = code[0];
  if (!first) return undefined;
  return {
    code: 'sandbox-violation',
    severity: 'critical',
    message: `the source tries to read what the sandbox hides (the grading secret, other processes' environments, the hidden key): ${code.length} place(s), first ${first.file}:${first.line} (${first.rule})`,
    evidence: { findings: code, ...(code.length < findings.length ? { documentation: findings.filter((f) => f.documentation) } : {}) },
  };
}

/** A check item for the scorecard: how much of the submission was scanned, what could not be, and mentions in documentation. */
export function sourceScanItem(stats: ScanStats, findings: readonly SourceFinding[]): ScorecardItem {
  const docs = findings.filter((f) => f.documentation);
  return {
    id: 'source-scan',
    kind: 'check',
    status: 'ok',
    verdicts: {
      scanned: {
        pass: stats.unscannable.length === 0 ? true : null,
        score: null,
        reason: stats.unscannable.length
          ? `${stats.scanned} file(s) scanned; ${stats.unscannable.length} could not be (fully) scanned: check them by hand`
          : `every one of the ${stats.scanned} file(s) the sandbox ran was scanned`,
      },
    },
    evidence: { filesScanned: stats.scanned, unscannable: stats.unscannable, ...(docs.length ? { documentationMentions: docs } : {}) },
  };
}
