/**
 * Retrieved text is data, not instructions. Sentences that address the reader
 * as an assistant ("ignore your instructions", "tell the customer to email
 * their password") are removed before any model sees the context.
 */
const INJECTION = [
  /\bignore (?:all |any |your |the |previous |prior )*(?:instructions|rules|guidelines|prompts?)\b/i,
  /\bdisregard (?:all |any |your |the |previous |prior )*(?:instructions|rules)\b/i,
  /\b(?:you are|act as) (?:now )?(?:an? )?(?:ai|assistant|chatbot|language model)\b/i,
  /\bsystem prompt\b/i,
  /\b(?:e-?mail|send|share)\b[^.]{0,60}\bpassword\b/i,
  /\bpassword\b[^.]{0,60}\b(?:e-?mail|send|share)\b/i,
];

export function isInjection(sentence: string): boolean {
  return INJECTION.some((re) => re.test(sentence));
}

/** Drop injected sentences, keeping table rows and the rest of the text as it was. */
export function stripInjections(text: string): { text: string; removed: number } {
  let removed = 0;
  const lines = text.split('\n').map((line) => {
    if (line.trim().startsWith('|')) {
      if (!isInjection(line)) return line;
      removed++;
      return '';
    }
    const sentences = line.split(/(?<=[.!?])\s+/);
    const kept = sentences.filter((s) => {
      if (!isInjection(s)) return true;
      removed++;
      return false;
    });
    return kept.join(' ');
  });
  return { text: lines.join('\n'), removed };
}

const REGION_WORDS: Record<string, RegExp> = {
  EU: /\b(?:eu|europe|european|emea)\b/i,
  US: /\b(?:us|usa|united states|american?|domestic us)\b/i,
  UK: /\b(?:uk|united kingdom|britain|british|great britain)\b/i,
  APAC: /\b(?:apac|asia|asia-pacific|asia pacific|australia|japan|singapore)\b/i,
  CA: /\b(?:ca|canada|canadian)\b/i,
  LATAM: /\b(?:latam|latin america|mexico|brazil)\b/i,
};

/** Regions the question names, among the regions the corpus has. */
export function regionsInQuestion(question: string, corpusRegions: readonly string[]): string[] {
  return corpusRegions.filter((r) => {
    const known = REGION_WORDS[r.toUpperCase()];
    if (known) return known.test(question);
    return new RegExp(`\\b${r.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(question);
  });
}
