import { normalizeCategory, parseAmount, parseBool, parseDay, parseNumber, type Table } from './clean';

/**
 * Honest features, all known when a claim is filed, parsed from the messy CSV:
 * what a careful candidate would build. Category levels come from train; a level
 * never seen there (the test-only packaging) encodes as all zeros.
 */

const CATEGORIES = ['packaging_type', 'commodity', 'damage_type', 'channel', 'customer_segment'] as const;

export interface Vocabulary {
  levels: Record<string, string[]>;
}

export function buildVocabulary(train: Table): Vocabulary {
  const levels: Record<string, string[]> = {};
  for (const name of CATEGORIES) {
    const counts = new Map<string, number>();
    for (const v of train.values(name)) {
      const n = normalizeCategory(v);
      if (n !== null) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    levels[name] = [...counts]
      .filter(([, c]) => c >= 30)
      .map(([l]) => l)
      .sort();
  }
  return { levels };
}

export function honestFeatures(table: Table, vocab: Vocabulary): Float64Array[] {
  const c = (name: string) => table.col(name);
  const [claimAmount, declared, claimDate, shipDate, prior, risk, since, hour, photo, signed, insured] = [
    'claim_amount',
    'declared_value',
    'claim_date',
    'ship_date',
    'prior_claims_12m',
    'route_risk_index',
    'customer_since',
    'claim_hour',
    'photo_evidence',
    'signed_on_delivery',
    'insured',
  ].map(c) as number[];
  const cats = CATEGORIES.map((name) => ({ col: c(name), levels: vocab.levels[name] ?? [] }));
  const width = 9 + cats.reduce((s, x) => s + x.levels.length, 0);
  return table.rows.map((row) => {
    const x = new Float64Array(width);
    const amount = parseAmount(row[claimAmount!] as string);
    const value = parseAmount(row[declared!] as string);
    x[0] = amount !== null && value !== null && value > 0 ? Math.min(2, amount / value) : 0.45;
    const day = parseDay(row[claimDate!] as string);
    const ship = parseDay(row[shipDate!] as string);
    x[1] = day !== null && ship !== null ? Math.log1p(Math.max(0, day - ship)) : 2.2;
    x[2] = Math.min(6, parseNumber(row[prior!] as string) ?? 0.4);
    x[3] = (parseNumber(row[risk!] as string) ?? 50) / 100;
    const opened = parseDay(row[since!] as string);
    x[4] = day !== null && opened !== null && day - opened < 180 ? 1 : 0;
    const h = parseNumber(row[hour!] as string);
    x[5] = h !== null && h < 6 ? 1 : 0;
    const bool = (col: number) => {
      const b = parseBool(row[col] as string);
      return b === null ? 0.5 : b ? 1 : 0;
    };
    x[6] = bool(photo!);
    x[7] = bool(signed!);
    x[8] = bool(insured!);
    let at = 9;
    for (const cat of cats) {
      const level = normalizeCategory(row[cat.col] as string);
      const i = level === null ? -1 : cat.levels.indexOf(level);
      if (i >= 0) x[at + i] = 1;
      at += cat.levels.length;
    }
    return x;
  });
}
