import { readFile } from 'node:fs/promises';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../errors';
import { flagCodeSchema } from '../scorecard';
import { type Rubric, rubricSchema } from './schema';

export interface RubricContext {
  /** The exercise the rubric must be for. */
  exercise: string;
  /** The metric names its scorecards carry: an automatic criterion must name one of them. */
  metrics: readonly string[];
}

interface Problem {
  path: (string | number)[];
  message: string;
}

/**
 * Parse and validate a rubric (YAML). Every problem names the file, the line
 * and the field, and all of them are reported at once; a rubric that does not
 * validate is never used.
 */
export function parseRubric(text: string, file: string, context: RubricContext): Rubric {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number | undefined) => (offset === undefined ? '' : `:${lines.linePos(offset).line}`);
  if (doc.errors.length) {
    throw new ConfigError(`${file}${at(doc.errors[0]?.pos[0])}: not valid YAML: ${doc.errors[0]?.message.split('\n')[0]}`, { hint: 'fix the YAML syntax (indentation, quotes)' });
  }
  const problems: Problem[] = [];
  const parsed = rubricSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push({ path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'), message: issue.message });
  } else {
    const rubric = parsed.data;
    if (rubric.exercise !== context.exercise) problems.push({ path: ['exercise'], message: `this rubric is for "${rubric.exercise}", not "${context.exercise}"` });
    rubric.criteria.forEach((c, i) => {
      if (c.auto && !context.metrics.includes(c.auto.metric))
        problems.push({ path: ['criteria', i, 'auto', 'metric'], message: `unknown metric "${c.auto.metric}"; the ${context.exercise} scorecard carries: ${context.metrics.join(', ')}` });
      c.auto?.caps.forEach((cap, j) => {
        if (!flagCodeSchema.options.includes(cap.flag as never))
          problems.push({ path: ['criteria', i, 'auto', 'caps', j, 'flag'], message: `unknown flag "${cap.flag}"; flags: ${flagCodeSchema.options.join(', ')}` });
      });
    });
    if (problems.length === 0) return rubric;
  }
  const located = problems.map((p) => {
    // The deepest node that exists for the path: a missing field points at its parent.
    let node: unknown;
    for (let n = p.path.length; n >= 0 && !isNode(node); n--) node = doc.getIn(p.path.slice(0, n), true);
    const offset = isNode(node) ? node.range?.[0] : undefined;
    return `${file}${at(offset)}: field ${p.path.join('.') || '(root)'}: ${p.message}`;
  });
  throw new ConfigError(located.length === 1 ? (located[0] as string) : `${located.length} problems in the rubric:\n  ${located.join('\n  ')}`, {
    hint: `fix ${file}; see harness/rubric/README.md for the format`,
  });
}

export async function loadRubric(file: string, context: RubricContext): Promise<Rubric> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read the rubric ${file}`, { cause, hint: `every exercise keeps its rubric in exercises/${context.exercise}/rubric.yaml` });
  }
  return parseRubric(text, file, context);
}
