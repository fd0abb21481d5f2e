/**
 * Matching facts in free-text answers. Deterministic and deliberately literal:
 * a value counts when the answer asserts it: states it (or one of its
 * aliases), or, for a numeric fact, states a number within its tolerance, and
 * does not bury it in a list of values of the same form (see matchFact).
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

/**
 * Markdown as a reader sees it rendered: links and images by their text (the
 * URL dropped), HTML tags and comment markers dropped, emphasis, strike and
 * code markers dropped, table pipes as spaces. "within **45 days**" and
 * "within 45 days" read the same.
 */
export function stripMarkdown(text: string): string {
  return text
    .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/<!--|-->/g, ' ')
    .replace(/<\/?[a-z][^<>\n]*>/gi, ' ')
    .replace(/(\*\*|__|~~)(?=\S)([^\n]*?\S)\1/g, '$2')
    .replace(/(?<![\p{L}\p{N}*_])([*_])(?=\S)([^\n*_]*?\S)\1(?![\p{L}\p{N}*_])/gu, '$2')
    .replace(/`+([^`\n]*)`+/g, '$1')
    .replace(/\|/g, ' ');
}

/**
 * The words of TEXT (letters and digits, lower case) one space apart, after
 * stripMarkdown: punctuation, markup and spacing do not count. Citation quotes,
 * replayed dev answers and corpus membership are all compared in this form, on
 * both sides, so a pipeline that strips Markdown (or keeps it) still matches.
 */
export function plainWords(text: string): string {
  return (normaliseText(stripMarkdown(text)).match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}

/** True when the words of NEEDLE (plainWords form) stand in HAYSTACK (plainWords form) as whole words. */
export function containsWords(haystack: string, needle: string): boolean {
  return needle !== '' && ` ${haystack} `.includes(` ${needle} `);
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

const NUMBER = String.raw`-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?`;

/** Every number written in the text: 1,234.50, $12, 3.5%, -4, 1.2k. */
export function extractNumbers(text: string): number[] {
  const out: number[] = [];
  const re = new RegExp(`(${NUMBER})(\\s?[kK]\\b)?`, 'g');
  for (const m of normaliseText(text).matchAll(re)) {
    const base = Number((m[1] as string).replace(/,/g, ''));
    if (Number.isFinite(base)) out.push(m[2] ? base * 1000 : base);
  }
  return out;
}

/** Facts are read from this many characters of an answer (after stripMarkdown): a document dump does not assert what it holds. */
export const MAX_FACT_CHARS = 2_000;
/**
 * At most this many distinct values written in the same form as a matched
 * value ("$… per shipment", "… days", "June …, …"): more is a list of
 * candidates, which asserts none of them. Money gets more room because the
 * offline baseline answers a table lookup by quoting up to three table rows
 * of prices (a price list cannot be sprayed to the cent).
 */
export const MAX_SAME_FORM = 8;
export const MAX_SAME_FORM_MONEY = 24;
/** A bare number within a fact's tolerance counts only in answers stating at most this many distinct numbers. */
export const MAX_BARE_NUMBERS = 6;
/** Numeric specs that encode a value rather than state it ("days since 1970", "minutes after midnight"): matched by their written forms only. */
const ENCODED_UNITS = /since 1970|after midnight/;
const MONEY_UNITS = new Set(['USD', 'EUR', 'SGD']);

/** How many distinct values TEXT writes in the same form as PHRASE (its digits replaced by any number). */
export function sameFormValues(text: string, phrase: string): number {
  const p = normaliseText(phrase).replace(/(\d),(?=\d{3}\b)/g, '$1');
  if (!/\d/.test(p)) return 1;
  const pattern = escapeRegExp(p)
    .split(/\d+(?:\\\.\d+)?/)
    .join(`(?:${NUMBER})`);
  const re = new RegExp(`(?<![a-z0-9])${pattern}(?![a-z0-9])`, 'g');
  const seen = new Set<string>();
  for (const m of normaliseText(text).matchAll(re)) seen.add(m[0].replace(/,/g, ''));
  return Math.max(1, seen.size);
}

export interface FactMatch {
  name: string;
  found: boolean;
  /** What in the answer matched: the alias, or the number. */
  matched?: string;
  /** The value stands in the answer, but only inside a list of values of the same form (it is not asserted). */
  listed?: { phrase: string; values: number };
}

/** The part of an answer facts are read from: rendered Markdown, the first MAX_FACT_CHARS characters. */
export function factText(answer: string): string {
  return normaliseText(stripMarkdown(answer)).slice(0, MAX_FACT_CHARS);
}

/**
 * Does ANSWER assert FACT? A written form (value or alias) counts unless the
 * answer writes more than MAX_SAME_FORM values in that same form (a list of
 * candidates); a bare number within tolerance counts only in an answer with at
 * most MAX_BARE_NUMBERS distinct numbers; dates and clock times count only in
 * a written form (their numeric spec is an encoding, not something an answer says).
 */
export function matchFact(answer: string, fact: FactSpec): FactMatch {
  const text = factText(answer);
  const cap = fact.numeric?.unit && MONEY_UNITS.has(fact.numeric.unit) ? MAX_SAME_FORM_MONEY : MAX_SAME_FORM;
  let listed: FactMatch['listed'];
  for (const phrase of [fact.value, ...fact.aliases]) {
    if (!containsPhrase(text, phrase)) continue;
    const values = sameFormValues(text, phrase);
    if (values <= cap) return { name: fact.name, found: true, matched: phrase };
    listed ??= { phrase, values };
  }
  if (fact.numeric && !ENCODED_UNITS.test(fact.numeric.unit ?? '')) {
    const { value, tolerance } = fact.numeric;
    const numbers = [...new Set(extractNumbers(text))];
    const hit = numbers.find((x) => Math.abs(x - value) <= tolerance + 1e-9);
    if (hit !== undefined) {
      if (numbers.length <= MAX_BARE_NUMBERS) return { name: fact.name, found: true, matched: String(hit) };
      listed ??= { phrase: String(hit), values: numbers.length };
    }
  }
  return listed ? { name: fact.name, found: false, listed } : { name: fact.name, found: false };
}
