/**
 * Matching facts in free-text answers. Deterministic and deliberately literal:
 * a value counts when the answer states it (or one of its aliases), or, for a
 * numeric fact, states a number within its tolerance.
 */
export interface FactSpec {
  name: string;
  value: string;
  aliases: readonly string[];
  numeric?: { value: number; tolerance: number; unit?: string | undefined } | undefined;
}

export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when `phrase` stands in `text` as a whole (not inside a longer word or number). */
export function containsPhrase(text: string, phrase: string): boolean {
  const p = normaliseText(phrase);
  if (p === '') return false;
  const t = normaliseText(text);
  const re = new RegExp(`(^|[^a-z0-9])${escapeRegExp(p)}($|[^a-z0-9])`);
  if (re.test(t)) return true;
  // "1,234.50" and "1234.50" are the same number: compare once more without thousands separators.
  const stripped = (s: string) => s.replace(/(\d),(?=\d{3}\b)/g, '$1');
  return new RegExp(`(^|[^a-z0-9])${escapeRegExp(stripped(p))}($|[^a-z0-9])`).test(stripped(t));
}

/** Every number written in the text: 1,234.50, $12, 3.5%, -4, 1.2k. */
export function extractNumbers(text: string): number[] {
  const out: number[] = [];
  const re = /(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)(\s?[kK]\b)?/g;
  for (const m of normaliseText(text).matchAll(re)) {
    const base = Number((m[1] as string).replace(/,/g, ''));
    if (Number.isFinite(base)) out.push(m[2] ? base * 1000 : base);
  }
  return out;
}

export interface FactMatch {
  name: string;
  found: boolean;
  /** What in the answer matched: the alias, or the number. */
  matched?: string;
}

export function matchFact(answer: string, fact: FactSpec): FactMatch {
  for (const phrase of [fact.value, ...fact.aliases]) {
    if (containsPhrase(answer, phrase)) return { name: fact.name, found: true, matched: phrase };
  }
  if (fact.numeric) {
    const { value, tolerance } = fact.numeric;
    const hit = extractNumbers(answer).find((x) => Math.abs(x - value) <= tolerance + 1e-9);
    if (hit !== undefined) return { name: fact.name, found: true, matched: String(hit) };
  }
  return { name: fact.name, found: false };
}
