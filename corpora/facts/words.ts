const ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** English words for 0..999 ("forty-five", "one hundred twenty"); undefined beyond. */
export function numberToWords(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 0 || n > 999) return undefined;
  if (n < 20) return ONES[n];
  if (n < 100) {
    const t = TENS[Math.floor(n / 10)] as string;
    return n % 10 === 0 ? t : `${t}-${ONES[n % 10]}`;
  }
  const h = `${ONES[Math.floor(n / 100)]} hundred`;
  return n % 100 === 0 ? h : `${h} ${numberToWords(n % 100)}`;
}

/** "12,345.5" style grouping with a fixed number of decimals. */
export function groupNumber(n: number, decimals = 0): string {
  const fixed = n.toFixed(decimals);
  const [int, frac] = fixed.split('.');
  const grouped = (int as string).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function monthName(month1: number): string {
  return MONTHS[month1 - 1] as string;
}

/** Days since 1970-01-01 (UTC) <-> ISO date, without time zones getting in. */
export function isoToDays(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}

export function daysToIso(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

/** "March 14, 2025", "14 March 2025", "Mar 14, 2025" for an ISO date. */
export function dateForms(iso: string): { long: string; dayFirst: string; short: string } {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const name = monthName(m);
  return { long: `${name} ${d}, ${y}`, dayFirst: `${d} ${name} ${y}`, short: `${name.slice(0, 3)} ${d}, ${y}` };
}
