import type { RandomStream } from '../../harness/secrets';

/**
 * How values were typed by the source systems: amounts, booleans, null markers,
 * spelling of categories. Each formatter has a "lossless alternatives" twin, so
 * probe rows can change the format of a value without changing the value.
 */

export const NUMERIC_NULLS = ['', 'NA', '-999', '?'] as const;
export const TEXT_NULLS = ['', 'N/A', 'null', '?'] as const;
export const BOOL_NULLS = ['', 'NA', 'null', '?'] as const;
export const ALL_NULL_TOKENS = ['', 'NA', 'N/A', 'null', '?', '-999'] as const;

export const AMOUNT_FORMATS = ['plain', 'dollar', 'usd', 'k'] as const;
export type AmountFormat = (typeof AMOUNT_FORMATS)[number];
const AMOUNT_WEIGHT = [62, 20, 8, 10];
const LOSSLESS_AMOUNT: readonly AmountFormat[] = ['plain', 'dollar', 'usd'];

function withThousands(fixed: string): string {
  const [whole, frac] = fixed.split('.') as [string, string | undefined];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

export function formatAmount(value: number, format: AmountFormat): string {
  switch (format) {
    case 'plain':
      return value.toFixed(2);
    case 'dollar':
      return `$${withThousands(value.toFixed(2))}`;
    case 'usd':
      return `USD ${value.toFixed(2)}`;
    case 'k':
      // Only the dashboard export abbreviates, and only four-digit and larger amounts.
      return value >= 1000 ? `${(value / 1000).toFixed(1)}k` : value.toFixed(2);
  }
}

export function drawAmount(rng: RandomStream, value: number): string {
  return formatAmount(value, rng.weighted(AMOUNT_FORMATS, AMOUNT_WEIGHT));
}

/** Other renderings of exactly the same amount; empty when `current` was lossy ("1.2k"). */
export function amountAlternatives(value: number, current: string): string[] {
  if (current.endsWith('k')) return [];
  return LOSSLESS_AMOUNT.map((f) => formatAmount(value, f)).filter((s) => s !== current);
}

export const BOOL_STYLES: readonly (readonly [string, string])[] = [
  ['Y', 'N'],
  ['1', '0'],
  ['true', 'false'],
  ['yes', 'no'],
  ['TRUE', 'FALSE'],
];
const BOOL_WEIGHT = [35, 20, 20, 15, 10];

export function drawBool(rng: RandomStream, value: boolean): string {
  const style = rng.weighted(BOOL_STYLES, BOOL_WEIGHT);
  return value ? style[0] : style[1];
}

export function boolAlternatives(value: boolean, current: string): string[] {
  return BOOL_STYLES.map((s) => (value ? s[0] : s[1])).filter((s) => s !== current);
}

/** Case and whitespace variants of a category label, as typed by hand. */
export function caseVariants(label: string): string[] {
  return [label.toLowerCase(), label.toUpperCase(), `${label} `, ` ${label.toLowerCase()}`];
}

/** A copy that differs only in case or surrounding whitespace, never equal to the input. */
export function nearVariant(rng: RandomStream, text: string): string {
  const options = [text.toUpperCase(), text.toLowerCase(), `${text} `, ` ${text}`, `${text}  `].filter((s) => s !== text);
  return rng.pick(options);
}

export function numberText(value: number, decimals: number): string {
  return decimals === 0 ? String(Math.round(value)) : value.toFixed(decimals);
}
