import { cosineSimilarity, OfflineEmbedder } from './embedder';
import { splitContext, splitSentences, type ContextUnit } from './units';
import { contentWords } from './words';

export interface ChatMessageText {
  role: string;
  content: string;
}

export interface ExtractiveAnswer {
  /** The answer: 1-3 context units verbatim, or the refusal sentence. */
  text: string;
  refused: boolean;
  question: string;
  /** The chosen units with their scores, best first (for debugging and tests). */
  picked: Array<{ text: string; marker: string | undefined; score: number }>;
}

export interface ExtractiveChatOptions {
  embedder?: OfflineEmbedder;
  /** Best score below this: refuse. Default 0.22. */
  threshold?: number;
  /** Most units in one answer. Default 3. */
  maxUnits?: number;
  /** A runner-up joins the answer when its score is at least this share of the best. Default 0.85. */
  keepRatio?: number;
}

export const REFUSAL = 'I cannot find the answer in the provided context.';

const QUESTION_MARKER = /\bquestion\s*:/gi;
const TRAILING_ANSWER_LABEL = /\n\s*(?:answer|response)\s*:\s*$/i;

/** Splits the last user message into the question and the context around it. */
export function findQuestion(messages: readonly ChatMessageText[]): { question: string; context: string } {
  let lastUser = -1;
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    if (messages[i]!.role === 'user') {
      lastUser = i;
      break;
    }
  }
  const others = messages.filter((m, i) => i !== lastUser && m.role !== 'assistant').map((m) => m.content);
  if (lastUser < 0) return { question: '', context: others.join('\n\n') };
  const text = messages[lastUser]!.content.replace(TRAILING_ANSWER_LABEL, '');
  let markerEnd = -1;
  let markerStart = -1;
  for (const match of text.matchAll(QUESTION_MARKER)) {
    markerStart = match.index;
    markerEnd = match.index + match[0].length;
  }
  if (markerEnd >= 0) {
    // The question runs to the next blank line; what follows (e.g. "Answer:" or more context) stays context.
    const rest = text.slice(markerEnd);
    const blank = rest.search(/\n\s*\n/);
    const question = (blank >= 0 ? rest.slice(0, blank) : rest).trim();
    const after = blank >= 0 ? rest.slice(blank) : '';
    return { question, context: [...others, text.slice(0, markerStart), after].join('\n\n') };
  }
  const lines = text.split(/\r?\n/);
  let last = lines.length - 1;
  while (last >= 0 && lines[last]!.trim() === '') last -= 1;
  if (last < 0) return { question: '', context: others.join('\n\n') };
  const sentences = splitSentences(lines[last]!);
  let q = sentences.length - 1;
  for (let i = sentences.length - 1; i >= 0; i -= 1) {
    if (sentences[i]!.includes('?')) {
      q = i;
      break;
    }
  }
  const question = sentences[q] ?? '';
  const lineRest = sentences.filter((_, i) => i !== q).join(' ');
  return { question, context: [...others, ...lines.slice(0, last), lineRest].join('\n') };
}

/**
 * A deterministic extractive baseline, not a language model: it finds the
 * question, scores each context unit against it (hashed TF-IDF cosine plus
 * content-word overlap) and answers with the best units verbatim, or refuses.
 * It never follows instructions found in the context; it only quotes it.
 */
export class ExtractiveChat {
  readonly embedder: OfflineEmbedder;
  readonly threshold: number;
  readonly maxUnits: number;
  readonly keepRatio: number;

  constructor(options: ExtractiveChatOptions = {}) {
    this.embedder = options.embedder ?? new OfflineEmbedder();
    this.threshold = options.threshold ?? 0.22;
    this.maxUnits = options.maxUnits ?? 3;
    this.keepRatio = options.keepRatio ?? 0.85;
  }

  get modelId(): string {
    return 'offline-extractive';
  }

  answer(messages: readonly ChatMessageText[]): ExtractiveAnswer {
    const { question, context } = findQuestion(messages);
    const questionWords = new Set(contentWords(question));
    const refuse = (): ExtractiveAnswer => ({ text: REFUSAL, refused: true, question, picked: [] });
    if (questionWords.size === 0) return refuse();
    const units = splitContext(context);
    if (units.length === 0) return refuse();

    const questionVector = this.embedder.embedFloat64(question);
    const scored = units.map((unit) => ({ unit, score: this.score(unit, questionVector, questionWords) }));
    // Stable order: score, then earlier position, so ties resolve the same way everywhere.
    scored.sort((a, b) => b.score - a.score || a.unit.position - b.unit.position);
    const best = scored[0]!;
    if (best.score < this.threshold) return refuse();

    const picked = scored.slice(0, this.maxUnits).filter((s, i) => i === 0 || (s.score >= this.threshold && s.score >= best.score * this.keepRatio));
    const inOrder = [...picked].sort((a, b) => a.unit.position - b.unit.position);
    const text = inOrder.map((s) => withMarker(s.unit)).join(' ');
    return {
      text,
      refused: false,
      question,
      picked: picked.map((s) => ({ text: s.unit.text, marker: s.unit.marker, score: s.score })),
    };
  }

  private score(unit: ContextUnit, questionVector: Float64Array, questionWords: ReadonlySet<string>): number {
    const cosine = cosineSimilarity(questionVector, this.embedder.embedFloat64(unit.scoringText));
    const unitWords = new Set(contentWords(unit.scoringText));
    let shared = 0;
    for (const word of questionWords) if (unitWords.has(word)) shared += 1;
    return 0.5 * cosine + 0.5 * (shared / questionWords.size);
  }
}

function withMarker(unit: ContextUnit): string {
  if (!unit.marker || unit.text.includes(unit.marker)) return unit.text;
  return `${unit.text} ${unit.marker}`;
}
