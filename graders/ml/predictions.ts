import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import Papa from 'papaparse';
import { InvalidSubmissionError } from '../../harness/errors';

/**
 * predictions.csv: a header with `claim_id` (alias `id`) and `probability`,
 * one row per test.csv row. Extra columns, a BOM, CRLF, quoting and blank
 * lines are accepted; every other defect is collected with its line number so
 * one run tells the candidate everything that is wrong (the first 10 listed,
 * plus a count).
 *
 * Line numbers count physical lines, header = line 1; a quoted field holding a
 * newline is counted correctly because each row's line is taken from the
 * newlines actually consumed (see PredictionsCollector.rowStarted).
 */

export const PREDICTIONS_FILE = 'predictions.csv';
export const PROBABILITY_COLUMN = 'probability';
export const MAX_LISTED_PROBLEMS = 10;

export interface PredictionProblem {
  /** 1-based physical line; undefined for whole-file problems (missing ids). */
  line: number | undefined;
  message: string;
}

export interface PredictionsResult {
  predictions: Map<string, number>;
  problems: PredictionProblem[];
  /** Problems beyond the first MAX_LISTED_PROBLEMS kept verbatim. */
  problemCount: number;
  rows: number;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NAN_TOKENS = new Set(['nan', '-nan', '+nan']);
const INF_TOKENS = new Set(['inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity']);

/** Why a probability cell is unusable, or undefined when it is a probability. */
export function probabilityProblem(raw: string | undefined): string | undefined {
  if (raw === undefined) return 'no probability value (the row has fewer fields than the header)';
  // Fast path: a plain decimal in [0, 1] (nearly every row).
  const value = Number(raw);
  if (raw !== '' && value >= 0 && value <= 1 && DECIMAL.test(raw)) return undefined;
  const text = raw.trim();
  if (text === '') return 'empty probability';
  const lower = text.toLowerCase();
  if (NAN_TOKENS.has(lower)) return `probability is NaN ("${text}")`;
  if (INF_TOKENS.has(lower)) return `probability is infinite ("${text}")`;
  if (!DECIMAL.test(text)) return `probability is not a number ("${clip(text)}")`;
  const parsed = Number(text);
  if (!Number.isFinite(parsed)) return `probability is infinite ("${clip(text)}")`;
  if (parsed < 0 || parsed > 1) return `probability ${text} is outside [0, 1]`;
  return undefined;
}

function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Row-by-row validation shared by the file and text parsers. */
class PredictionsCollector {
  readonly problems: PredictionProblem[] = [];
  problemCount = 0;
  rows = 0;
  /**
   * Expected id -> its index, built on the first row out of test.csv order
   * (most files follow it, and a string compare is far cheaper than hashing
   * a million fresh strings). firstLine[index]: line first seen on (0: not yet).
   */
  private expected: Map<string, number> | undefined;
  private readonly ids: readonly string[];
  private readonly firstLine: Int32Array;
  private readonly values: Float64Array;
  private readonly valid: Uint8Array;
  /** Lines of ids that are not expected (for duplicate messages). */
  private readonly unknownLine = new Map<string, number>();
  private idIndex = -1;
  private probIndex = -1;
  private headerSeen = false;
  private fatal = false;

  constructor(expectedIds: readonly string[]) {
    this.ids = expectedIds;
    this.firstLine = new Int32Array(expectedIds.length);
    this.values = new Float64Array(expectedIds.length);
    this.valid = new Uint8Array(expectedIds.length);
  }

  private indexOf(id: string, guess: number): number | undefined {
    if (this.ids[guess] === id) return guess;
    if (this.expected === undefined) {
      this.expected = new Map();
      this.ids.forEach((x, i) => this.expected!.set(x, i));
    }
    return this.expected.get(id);
  }

  get stopped(): boolean {
    return this.fatal;
  }

  add(line: number | undefined, message: string): void {
    this.problemCount += 1;
    if (this.problems.length < MAX_LISTED_PROBLEMS) this.problems.push({ line, message });
  }

  row(fields: string[], line: number): void {
    if (fields.length === 1 && fields[0]!.trim() === '') return; // blank line
    if (!this.headerSeen) {
      this.header(fields, line);
      return;
    }
    if (this.fatal) return;
    this.rows += 1;
    const rawId = fields[this.idIndex] ?? '';
    const id = rawId.length > 0 && rawId.charCodeAt(0) > 32 && rawId.charCodeAt(rawId.length - 1) > 32 ? rawId : rawId.trim();
    if (id === '') {
      this.add(line, 'empty claim_id');
      return;
    }
    const raw = fields[this.probIndex];
    const index = this.indexOf(id, this.rows - 1);
    const first = index === undefined ? this.unknownLine.get(id) : this.firstLine[index] || undefined;
    if (first !== undefined) {
      this.add(line, `duplicate claim_id ${clip(id)} (first on line ${first})`);
      return;
    }
    if (index === undefined) {
      this.unknownLine.set(id, line);
      this.add(line, `unknown claim_id ${clip(id)} (not a row of test.csv)`);
      return;
    }
    this.firstLine[index] = line;
    // Fast path (nearly every row): a plain decimal in [0, 1], parsed once.
    const value = raw === undefined || raw === '' ? Number.NaN : Number(raw);
    if (!(value >= 0 && value <= 1 && DECIMAL.test(raw!))) {
      const problem = probabilityProblem(raw);
      if (problem !== undefined) {
        this.add(line, `claim_id ${clip(id)}: ${problem}`);
        return;
      }
    }
    this.values[index] = value >= 0 && value <= 1 ? value : Number(raw!.trim());
    this.valid[index] = 1;
  }

  private header(fields: string[], line: number): void {
    this.headerSeen = true;
    const names = fields.map((f, i) => (i === 0 ? f.replace(/^\uFEFF/, '') : f).trim().toLowerCase());
    this.idIndex = names.indexOf('claim_id');
    if (this.idIndex < 0) this.idIndex = names.indexOf('id');
    this.probIndex = names.indexOf(PROBABILITY_COLUMN);
    const found = names.length > 0 ? names.map((n) => clip(n, 30)).join(', ') : '(nothing)';
    if (this.idIndex < 0) this.add(line, `header has no claim_id (or id) column; found: ${found}`);
    if (this.probIndex < 0) this.add(line, `header has no probability column; found: ${found}`);
    this.fatal = this.idIndex < 0 || this.probIndex < 0;
  }

  finish(): PredictionsResult {
    if (!this.headerSeen) this.add(1, 'the file is empty (expected a header claim_id,probability)');
    else if (!this.fatal) {
      const missing: string[] = [];
      for (let i = 0; i < this.ids.length; i++) if (this.firstLine[i] === 0) missing.push(this.ids[i]!);
      if (missing.length > 0) {
        const shown = missing.slice(0, 5).join(', ');
        this.add(undefined, `${missing.length} of ${this.ids.length} test.csv ids have no row (e.g. ${shown}${missing.length > 5 ? ', …' : ''})`);
      }
    }
    const predictions = new Map<string, number>();
    for (let i = 0; i < this.ids.length; i++) if (this.valid[i]) predictions.set(this.ids[i]!, this.values[i]!);
    return { predictions, problems: this.problems, problemCount: this.problemCount, rows: this.rows };
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i += 1) if (text.charCodeAt(i) === 10) n += 1;
  return n;
}

/**
 * Validate predictions given as text (tests, small files). Never throws for
 * a bad submission: the problems come back as values.
 */
export function validatePredictionsText(text: string, expectedIds: readonly string[]): PredictionsResult {
  const collector = new PredictionsCollector(expectedIds);
  const tracker = new LineTracker();
  const result = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false });
  for (const fields of result.data) collector.row(fields, tracker.next(fields));
  return collector.finish();
}

/**
 * Physical line of each parsed row. Papaparse does not report it; a row spans
 * 1 + (newlines inside its quoted fields) lines, so we advance by that.
 */
class LineTracker {
  private line = 1;
  next(fields: string[]): number {
    const start = this.line;
    let inner = 0;
    for (const f of fields) if (f.length > 0 && f.includes('\n')) inner += countNewlines(f, 0, f.length);
    this.line += 1 + inner;
    return start;
  }
}

/** Stream-parse a predictions file; problems come back as values. */
export function validatePredictionsFile(path: string, expectedIds: readonly string[]): Promise<PredictionsResult> {
  return new Promise((resolve, reject) => {
    const collector = new PredictionsCollector(expectedIds);
    const tracker = new LineTracker();
    const stream = createReadStream(path, { encoding: 'utf8' });
    stream.on('error', reject);
    Papa.parse<string[]>(stream as unknown as Papa.LocalFile, {
      header: false,
      skipEmptyLines: false,
      chunk: (results) => {
        for (const fields of results.data) collector.row(fields, tracker.next(fields));
      },
      complete: () => resolve(collector.finish()),
      error: (error: Error) => reject(error),
    });
  });
}

/** The message an InvalidSubmissionError carries for a list of problems. */
export function formatPredictionProblems(file: string, result: Pick<PredictionsResult, 'problems' | 'problemCount'>): string {
  const lines = result.problems.map((p) => `  ${p.line === undefined ? file : `${file}:${p.line}`}: ${p.message}`);
  const more = result.problemCount - result.problems.length;
  if (more > 0) lines.push(`  … and ${more} more problem${more === 1 ? '' : 's'}`);
  return `${file} is invalid (${result.problemCount} problem${result.problemCount === 1 ? '' : 's'}):\n${lines.join('\n')}`;
}

export const PREDICTIONS_HINT =
  'predictions.csv needs a header claim_id,probability and exactly one row per test.csv row (every row, none left out), each probability a number in [0, 1]; see exercises/ml/README.md';

/**
 * Parse SUBMISSION/predictions.csv against the test ids. Throws
 * InvalidSubmissionError naming the file and line of each problem (first 10,
 * plus a count); returns every expected id's probability otherwise.
 * `label` names the file in messages when `path` is a grader's copy.
 */
export async function parsePredictions(path: string, expectedIds: string[], options: { label?: string } = {}): Promise<Map<string, number>> {
  const label = options.label ?? path;
  let result: PredictionsResult;
  try {
    result = await validatePredictionsFile(path, expectedIds);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? `no ${basename(path)} at ${label}` : `cannot read ${label}: ${(cause as Error).message}`;
    throw new InvalidSubmissionError(what, { cause, hint: PREDICTIONS_HINT });
  }
  if (result.problemCount > 0) {
    throw new InvalidSubmissionError(formatPredictionProblems(label, result), { hint: PREDICTIONS_HINT });
  }
  return result.predictions;
}
