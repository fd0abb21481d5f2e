import type { z } from 'zod';

/**
 * A candidate's structured JSON file (an exercise's report.json) checked
 * against its zod schema, with every problem as a value that names the file,
 * where in it (a line and column for bad JSON, a field for a schema problem)
 * and the next step. The graders and the kits' `npm run check` share it, so a
 * candidate sees the grader's words before they submit.
 */
export interface FileProblem {
  file: string;
  /** "line 3, column 7", "field estimate.overall", or undefined for the whole file. */
  where?: string;
  message: string;
  fix: string;
}

/** Where the candidate reads the rules: the kit's JSON Schema and example file names. */
export interface SchemaDocs {
  schema: string;
  example: string;
}

/** As the graders write a field: validation.estimates, failure_modes[0].examples[2]. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out || '(root)';
}

/** Line and column of a character offset, 1-based. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** JSON.parse messages differ across Node versions: "at position N" (20) or "(line L column C)" (22+). */
export function jsonSyntaxWhere(text: string, message: string): string | undefined {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return `line ${lc[1]}, column ${lc[2]}`;
  const pos = /position (\d+)/.exec(message);
  if (pos) {
    const at = lineColumn(text, Number(pos[1]));
    return `line ${at.line}, column ${at.column}`;
  }
  return undefined;
}

/** The next step for one schema problem. */
export function zodIssueFix(issue: z.core.$ZodIssue, docs: SchemaDocs): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `remove ${issue.keys.map((k) => `"${k}"`).join(', ')}: the schema allows no other keys (see ${docs.schema})`;
    case 'invalid_value':
      return `use one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_type':
      return `give a ${issue.expected} here (see ${docs.schema} and ${docs.example})`;
    case 'too_big':
      return issue.origin === 'number' ? `give a number of at most ${String(issue.maximum)}` : `shorten it (see the limits in ${docs.schema})`;
    case 'too_small':
      return issue.origin === 'number' ? `give a number of at least ${String(issue.minimum)}` : 'fill it in: it must not be empty';
    default:
      return `see ${docs.schema} and ${docs.example}`;
  }
}

/** Schema problems as FileProblems, one per zod issue, each with its field. */
export function schemaProblems(file: string, error: z.ZodError, docs: SchemaDocs): FileProblem[] {
  return error.issues.map((issue) => ({ file, where: `field ${fieldPath(issue.path)}`, message: issue.message, fix: zodIssueFix(issue, docs) }));
}

/**
 * Parse TEXT (a file's contents, a BOM allowed) as JSON and validate it with
 * SCHEMA. Never throws for the candidate's content: the value when valid, else
 * every problem.
 */
export function parseJsonReport<S extends z.ZodType>(text: string, file: string, schema: S, docs: SchemaDocs): { value: z.infer<S>; problems: [] } | { value: undefined; problems: FileProblem[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = (error as Error).message;
    const where = jsonSyntaxWhere(text, message);
    return {
      value: undefined,
      problems: [{ file, ...(where ? { where } : {}), message: `not valid JSON: ${message}`, fix: 'fix the JSON syntax (no comments, no trailing commas, double-quoted keys)' }],
    };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { value: parsed.data, problems: [] };
  return { value: undefined, problems: schemaProblems(file, parsed.error, docs) };
}

/** One line per problem: `file field x: message (fix: ...)`. */
export function formatFileProblem(p: FileProblem): string {
  return `${p.file}${p.where ? ` ${p.where}` : ''}: ${p.message} (fix: ${p.fix})`;
}
