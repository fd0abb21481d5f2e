import type { CandidateSeed } from '../../harness/secrets';
import { InternalError } from '../../harness/errors';
import { generateFacts } from '../facts/generate';
import { renderTemplate } from '../render/render';
import { buildView } from '../render/view';
import { type FactValue, type RagQuestion, RagQuestionSchema } from '../types';
import { QUESTION_TEMPLATES } from './pool';
import type { QuestionTemplate } from './template';

/** "claims-window-eu-02" -> "claims-window-eu": paraphrases share a family. */
export function questionFamily(id: string): string {
  return id.replace(/-\d{2}$/, '');
}

function factEntry(facts: Record<string, FactValue>, name: string, where: string): FactValue {
  const fact = facts[name];
  if (!fact) throw new InternalError(`${where}: names fact ${name}, which corpora/facts does not define`, { hint: 'fix the fact name in corpora/questions' });
  return fact;
}

function renderFamily(t: QuestionTemplate, facts: Record<string, FactValue>, view: object): RagQuestion[] {
  const where = `question family ${t.family}`;
  const answer = typeof t.answer === 'function' ? t.answer(facts) : renderTemplate(t.answer, view, {}, where);
  const requiredFacts = [
    ...(t.required ?? []).map((name) => {
      const f = factEntry(facts, name, where);
      return { name, value: f.value, aliases: f.aliases, ...(f.numeric ? { numeric: f.numeric } : {}) };
    }),
    ...(t.computed?.(facts) ?? []),
  ];
  const forbiddenFacts = (t.forbidden ?? []).map(([name, reason]) => {
    const f = factEntry(facts, name, where);
    return { name, value: f.value, aliases: f.aliases, ...(f.numeric ? { numeric: f.numeric } : {}), reason };
  });
  return t.variants.map((variant, i) =>
    RagQuestionSchema.parse({
      id: `${t.family}-${String(i + 1).padStart(2, '0')}`,
      category: t.category,
      question: renderTemplate(variant, view, {}, where),
      referenceAnswer: answer,
      requiredFacts,
      forbiddenFacts,
      supportingDocs: t.docs,
      expected: t.expected ?? 'answer',
    }),
  );
}

/** Every question of the pool, rendered for one candidate's facts. */
export function buildQuestionsFromFacts(facts: Record<string, FactValue>, templates: readonly QuestionTemplate[] = QUESTION_TEMPLATES): RagQuestion[] {
  const view = buildView(facts);
  const seen = new Set<string>();
  const out: RagQuestion[] = [];
  for (const t of templates) {
    if (seen.has(t.family)) throw new InternalError(`question family ${t.family} is defined twice in corpora/questions`);
    seen.add(t.family);
    out.push(...renderFamily(t, facts, view));
  }
  return out;
}

/** The whole question pool (every paraphrase of every family) for a seed. */
export function buildQuestionPool(seed: CandidateSeed): RagQuestion[] {
  return buildQuestionsFromFacts(generateFacts(seed));
}
