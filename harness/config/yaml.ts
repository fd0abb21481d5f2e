import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors';

/** A problem found in a YAML file, at a path of keys and indexes. */
export interface YamlProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Parse YAML and validate it with SCHEMA, then with CHECK (the checks a schema
 * cannot make alone, e.g. names that must exist elsewhere). Every problem is
 * reported at once, each with the file, the line and the field; nothing that
 * fails validation is ever returned.
 */
export function parseYamlFile<T>(text: string, file: string, schema: z.ZodType<T>, options: { hint: string; check?: (value: T) => YamlProblem[] }): T {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number | undefined) => (offset === undefined ? '' : `:${lines.linePos(offset).line}`);
  if (doc.errors.length) throw new ConfigError(`${file}${at(doc.errors[0]?.pos[0])}: not valid YAML: ${doc.errors[0]?.message.split('\n')[0]}`, { hint: 'fix the YAML syntax (indentation, quotes)' });
  const parsed = schema.safeParse(doc.toJS());
  const problems: YamlProblem[] = parsed.success
    ? (options.check?.(parsed.data) ?? [])
    : parsed.error.issues.map((issue) => ({ path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'), message: issue.message }));
  if (parsed.success && problems.length === 0) return parsed.data;
  const located = problems.map((p) => {
    // The deepest node that exists for the path: a missing field points at its parent.
    let node: unknown;
    for (let n = p.path.length; n >= 0 && !isNode(node); n--) node = doc.getIn(p.path.slice(0, n), true);
    return `${file}${at(isNode(node) ? node.range?.[0] : undefined)}: field ${p.path.join('.') || '(root)'}: ${p.message}`;
  });
  throw new ConfigError(located.length === 1 ? (located[0] as string) : `${located.length} problems in ${file}:\n  ${located.join('\n  ')}`, { hint: options.hint });
}
