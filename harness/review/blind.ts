import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { writeFileAtomic } from '../fs';
import { KIT_AUTHOR } from '../kit/repo';

/**
 * The anonymised copy of a submission a blind reviewer reads: the files
 * without `.git` (nor node_modules or an index), package.json without its
 * author, contributors and maintainers, and every known name and every email
 * address replaced in text files and file names. The names come from the
 * caller (the candidate's id and any names given), the git history's authors
 * and committers, and package.json. What was changed, and what could not be
 * read, is listed in REVIEW-COPY.md (without the names).
 */

const run = promisify(execFile);

export const NAME_MARK = '[name]';
export const EMAIL_MARK = '[email]';
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const SKIPPED = new Set(['.git', 'node_modules', '.index']);
/** Larger files are copied as they are, and listed as not scanned. */
const MAX_SCANNED_BYTES = 4 * 1024 * 1024;
/** Local parts of addresses that name nobody. */
const GENERIC_LOCAL = new Set(['noreply', 'no-reply', 'admin', 'info', 'mail', 'root', 'user', 'test', 'dev', 'hello', 'contact']);

export interface BlindCopyReport {
  files: number;
  /** Files whose text or name changed, with the number of replacements (names and emails). */
  redacted: { file: string; replacements: number }[];
  /** Copied as they are: binary or too large to scan. */
  unscanned: string[];
  /** Symbolic links and other non-regular files, not copied. */
  skipped: string[];
  git: 'none' | 'read' | 'unreadable';
  /** How many distinct names were looked for (never the names themselves). */
  names: number;
}

interface GitCommit {
  date: string;
  subject: string;
}

/**
 * The authors, committers and subjects of SRC's git history, read with a git
 * that ignores what the candidate's repository config could make it run
 * (hooks, fsmonitor, signature programs, pagers) and any global config.
 */
async function readGitHistory(src: string): Promise<{ names: string[]; commits: GitCommit[] } | undefined> {
  const args = [
    '-c',
    'core.fsmonitor=false',
    '-c',
    'core.hooksPath=/dev/null',
    '-c',
    'log.showSignature=false',
    '-c',
    'gpg.program=false',
    '-c',
    'safe.directory=*',
    '--no-pager',
    '--git-dir',
    join(src, '.git'),
    'log',
    '--no-show-signature',
    '--no-color',
    '--max-count=2000',
    '--format=%an%x1f%ae%x1f%cn%x1f%ce%x1f%aI%x1f%s%x1e',
  ];
  try {
    const { stdout } = await run('git', args, {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
      timeout: 60_000,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0', HOME: '/nonexistent' },
    });
    const names: string[] = [];
    const commits: GitCommit[] = [];
    for (const record of stdout.split('\x1e')) {
      const fields = record.replace(/^\n/, '').split('\x1f');
      if (fields.length < 6) continue;
      const [an, ae, cn, ce, date, subject] = fields as [string, string, string, string, string, string];
      names.push(an, ae, cn, ce);
      commits.push({ date, subject });
    }
    return { names, commits };
  } catch {
    return undefined;
  }
}

function packagePeople(pkg: Record<string, unknown>): string[] {
  const people: string[] = [];
  const add = (p: unknown) => {
    if (typeof p === 'string') people.push(p);
    else if (p && typeof p === 'object') {
      for (const k of ['name', 'email'] as const) {
        const v = (p as Record<string, unknown>)[k];
        if (typeof v === 'string') people.push(v);
      }
    }
  };
  add(pkg.author);
  for (const field of ['contributors', 'maintainers'] as const) if (Array.isArray(pkg[field])) (pkg[field] as unknown[]).forEach(add);
  return people;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The patterns for NAMES: a name matches case-insensitively with any of
 * space, dot, dash or underscore between its words ("Ada Lovelace",
 * "ada-lovelace", "ADA_LOVELACE"); each word of three letters or more also
 * matches alone when capitalised as in the name ("Lovelace"). Email
 * addresses give their local part as a name.
 */
export function namePatterns(names: readonly string[]): RegExp[] {
  const full = new Set<string>();
  const words = new Set<string>();
  for (const raw of names) {
    for (const piece of raw.split(/[<>()"]/)) {
      const text = piece.trim();
      if (!text || /^https?:/i.test(text)) continue;
      const email = /^([^@\s]+)@/.exec(text);
      const name = email ? (email[1] as string).replace(/^\d+\+/, '') : text;
      if (email && GENERIC_LOCAL.has(name.toLowerCase())) continue;
      const parts = name.split(/[\s._-]+/).filter((p) => /\p{L}/u.test(p));
      if (parts.length === 0 || name.replace(/[\s._-]/g, '').length < 3) continue;
      full.add(parts.map(escapeRegExp).join('[\\s._-]+'));
      for (const p of parts) if (p.length >= 3 && /^\p{Lu}/u.test(p)) words.add(escapeRegExp(p));
    }
  }
  const patterns = [...full].sort((a, b) => b.length - a.length).map((p) => new RegExp(`(?<![\\p{L}\\p{N}])${p}(?![\\p{L}\\p{N}])`, 'giu'));
  for (const w of words) patterns.push(new RegExp(`(?<![\\p{L}\\p{N}])${w}(?![\\p{L}\\p{N}])`, 'gu'));
  return patterns;
}

/** TEXT with every email address and every name of PATTERNS replaced, and how many replacements were made. */
export function redact(text: string, patterns: readonly RegExp[]): { text: string; replacements: number } {
  let replacements = 0;
  let out = text.replace(EMAIL, () => {
    replacements++;
    return EMAIL_MARK;
  });
  for (const p of patterns) {
    out = out.replace(p, () => {
      replacements++;
      return NAME_MARK;
    });
  }
  return { text: out, replacements };
}

function isText(buffer: Buffer): boolean {
  if (buffer.subarray(0, 8192).includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return true;
  } catch {
    return false;
  }
}

async function walk(root: string, dir = root): Promise<{ files: string[]; skipped: string[] }> {
  const files: string[] = [];
  const skipped: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    const rel = relative(root, path);
    if (dir === root && SKIPPED.has(entry.name)) continue;
    if (entry.isDirectory()) {
      const sub = await walk(root, path);
      files.push(...sub.files);
      skipped.push(...sub.skipped);
    } else if (entry.isFile()) files.push(rel);
    else skipped.push(rel);
  }
  return { files, skipped };
}

/**
 * Copy SRC into DEST (replaced whole: built beside it, then renamed into
 * place), anonymised. NAMES are what the caller knows of the candidate (the
 * id; real names if the loop has them).
 */
export async function writeBlindCopy(src: string, dest: string, names: readonly string[]): Promise<BlindCopyReport> {
  const git = existsSync(join(src, '.git')) ? await readGitHistory(src) : undefined;
  const pkgText = existsSync(join(src, 'package.json')) ? await readFile(join(src, 'package.json'), 'utf8').catch(() => '') : '';
  let pkg: Record<string, unknown> | undefined;
  try {
    const parsed = JSON.parse(pkgText) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) pkg = parsed as Record<string, unknown>;
  } catch {
    pkg = undefined;
  }
  // The kit's own first commit (harness/kit) is authored by the harness, not the candidate: its name is a word of the kit's file names.
  const harness = new Set<string>([KIT_AUTHOR.name, KIT_AUTHOR.email]);
  const allNames = [...names, ...(git?.names ?? []).filter((n) => !harness.has(n)), ...(pkg ? packagePeople(pkg) : [])];
  const patterns = namePatterns(allNames);
  const report: BlindCopyReport = {
    files: 0,
    redacted: [],
    unscanned: [],
    skipped: [],
    git: existsSync(join(src, '.git')) ? (git ? 'read' : 'unreadable') : 'none',
    names: patterns.length,
  };
  const building = `${dest}.building-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  await mkdir(building, { recursive: true, mode: 0o700 });
  const { files, skipped } = await walk(src);
  report.skipped = skipped.map((f) => redact(f, patterns).text);
  for (const file of files) {
    const renamed = redact(file, patterns);
    const target = join(building, renamed.text);
    const stat = await lstat(join(src, file));
    const buffer = await readFile(join(src, file));
    let replacements = renamed.replacements;
    if (stat.size > MAX_SCANNED_BYTES || !isText(buffer)) {
      report.unscanned.push(renamed.text);
      await writeFileAtomic(target, buffer);
    } else {
      let text = buffer.toString('utf8');
      if (file === 'package.json' && pkg) {
        const { author: _a, contributors: _c, maintainers: _m, ...rest } = pkg;
        if (_a !== undefined || _c !== undefined || _m !== undefined) replacements++;
        text = `${JSON.stringify(rest, null, 2)}\n`;
      }
      const cleaned = redact(text, patterns);
      replacements += cleaned.replacements;
      await writeFileAtomic(target, cleaned.text);
    }
    if (replacements > 0) report.redacted.push({ file: renamed.text, replacements });
    report.files++;
  }
  if (git?.commits.length) {
    const log = git.commits.map((c) => `${c.date}  ${redact(c.subject, patterns).text}`).join('\n');
    await writeFileAtomic(join(building, 'REVIEW-GIT-LOG.txt'), `# The submission's commits (date, subject), authors removed\n${log}\n`);
  }
  await writeFileAtomic(join(building, 'REVIEW-COPY.md'), renderCopyNote(report));
  await rm(dest, { recursive: true, force: true });
  await mkdir(dirname(dest), { recursive: true, mode: 0o700 });
  await rename(building, dest);
  return report;
}

function renderCopyNote(report: BlindCopyReport): string {
  const lines = [
    '# Anonymised copy for a blind review',
    '',
    `${report.files} files copied without .git, node_modules or an index. Every email address is replaced by \`${EMAIL_MARK}\` and every`,
    `known name of the candidate (${report.names} pattern(s): the id, the git history's authors and committers, package.json's people) by \`${NAME_MARK}\`;`,
    "package.json's author, contributors and maintainers are removed.",
    '',
    `git history: ${report.git === 'none' ? 'none in the submission' : report.git === 'read' ? 'read for names; commit subjects in REVIEW-GIT-LOG.txt' : 'could not be read (names from it are not removed)'}.`,
  ];
  if (report.redacted.length) lines.push('', 'Changed:', ...report.redacted.map((r) => `- ${r.file}: ${r.replacements} replacement(s)`));
  if (report.unscanned.length) lines.push('', 'Copied as they are (binary or over 4 MiB: not scanned for names):', ...report.unscanned.map((f) => `- ${f}`));
  if (report.skipped.length) lines.push('', 'Not copied (symbolic links and other non-regular files):', ...report.skipped.map((f) => `- ${f}`));
  return `${lines.join('\n')}\n`;
}
