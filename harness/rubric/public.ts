import { loadRubric, type RubricContext } from './load';
import type { Rubric } from './schema';

const LEVEL_NAMES = { 1: 'strong no', 2: 'no', 3: 'yes', 4: 'strong yes' } as const;

const percent = (w: number) => `${Number((w * 100).toFixed(1))}%`;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/**
 * The part of a rubric a candidate sees (the kit's RUBRIC.md): each public
 * criterion with its weight, how it is assessed (automatically or by an
 * interviewer) and its four level descriptors. Never the thresholds, the
 * interviewer's guidance or a criterion marked `public: false`.
 */
export function renderPublicRubric(rubric: Rubric, title: string): string {
  const shown = rubric.criteria.filter((c) => c.public);
  const hidden = rubric.criteria.filter((c) => !c.public).reduce((sum, c) => sum + c.weight, 0);
  const out = [
    `# How your ${title} submission is scored`,
    '',
    'Each criterion gets a level: 1 strong no, 2 no, 3 yes, 4 strong yes. Your score is the weighted',
    'mean of the levels. Automatic criteria are measured on hidden data, several of them relative to',
    "our own reference solution on your variant (so a harder variant is read as such); interviewers'",
    'criteria are levelled by at least one interviewer reading your code and notes.',
    '',
    '| criterion | weight | assessed |',
    '| --- | --- | --- |',
    ...shown.map((c) => `| ${cell(c.title)} | ${percent(c.weight)} | ${c.manual && c.auto ? 'automatic evidence, then an interviewer' : c.manual ? 'by an interviewer' : 'automatically'} |`),
    ...(hidden > 0 ? [`| other criteria | ${percent(hidden)} | |`] : []),
    '',
  ];
  for (const c of shown) {
    out.push(`## ${c.title} (${percent(c.weight)})`, '');
    for (const level of [1, 2, 3, 4] as const) out.push(`- **${level} ${LEVEL_NAMES[level]}**: ${c.levels[level].trim()}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** The kit's RUBRIC.md for the rubric in FILE (validated first). */
export async function publicRubricFile(file: string, context: RubricContext, title: string): Promise<string> {
  return renderPublicRubric(await loadRubric(file, context), title);
}
