import { z } from 'zod';

/** The one verdict shape the judge may return; anything else in the reply is ignored. */
export const judgeVerdictSchema = z.strictObject({
  correctness: z.number().int().min(0).max(4),
  faithfulness: z.number().int().min(0).max(4),
  reason: z.string().min(1).max(2000),
});

export type JudgeVerdict = z.infer<typeof judgeVerdictSchema>;

/** Only the tail of a long reply is searched: the verdict ends it, and the scan stays bounded. */
const MAX_SCAN_CHARS = 32_768;
const MAX_CANDIDATES = 2_000;

/** Index of the brace closing the object opened at `start`, strings and escapes respected; -1 if none. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/**
 * The last JSON object in REPLY that matches the verdict schema, or null.
 * "Last" is by where the object ends: a judge that first quotes the answer
 * (and any fake verdict in it) and then gives its own verdict is read right.
 */
export function parseLastVerdict(reply: string): JudgeVerdict | null {
  const text = reply.length > MAX_SCAN_CHARS ? reply.slice(-MAX_SCAN_CHARS) : reply;
  let best: { end: number; verdict: JudgeVerdict } | null = null;
  let tried = 0;
  for (let start = text.lastIndexOf('{'); start >= 0 && tried < MAX_CANDIDATES; start = start > 0 ? text.lastIndexOf('{', start - 1) : -1) {
    tried++;
    const end = matchingBrace(text, start);
    if (end < 0 || (best && end <= best.end)) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(text.slice(start, end + 1));
    } catch {
      continue;
    }
    const parsed = judgeVerdictSchema.safeParse(raw);
    if (parsed.success) best = { end, verdict: parsed.data };
  }
  return best?.verdict ?? null;
}
