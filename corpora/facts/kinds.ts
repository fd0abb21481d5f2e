import type { RandomStream } from '../../harness/secrets';
import type { FactValue } from '../types';
import { dateForms, daysToIso, groupNumber, isoToDays, numberToWords } from './words';

export type Facts = Readonly<Record<string, FactValue>>;

/**
 * How one fact is drawn. `placement` is checked by the tests: a 'table' fact
 * appears only in Markdown table rows, a 'deep' fact only in the second half of
 * a long page.
 */
export interface FactDef {
  name: string;
  placement?: 'table' | 'deep';
  /** The drawn value must differ from each of these (drawn earlier). */
  distinctFrom?: string[];
  /** Extra constraint on the draw (e.g. an old date before a new one). */
  accept?: (value: FactValue, facts: Facts) => boolean;
  draw(stream: RandomStream, facts: Facts): FactValue;
}

type Options = Pick<FactDef, 'placement' | 'distinctFrom' | 'accept'>;

function stepped(s: RandomStream, min: number, max: number, step: number): number {
  const k = s.int(0, Math.round((max - min) / step));
  return Math.round((min + k * step) * 1000) / 1000;
}

function decimalsOf(step: number): number {
  const text = String(step);
  return text.includes('.') ? (text.split('.')[1] as string).length : 0;
}

export interface UnitSpec {
  /** Printed after the number: "days", "lb", "minutes". */
  unit: string;
  /** Printed for exactly 1 ("day"). */
  one?: string;
  /** Other spellings accepted in answers ("lbs", "pounds"). */
  also?: string[];
}

/** An integer (or stepped decimal) with a unit: "45 days", "2,500 lb". */
export function quantity(name: string, min: number, max: number, unit: UnitSpec, opts: Options & { step?: number } = {}): FactDef {
  const step = opts.step ?? 1;
  return {
    name,
    ...opts,
    draw(s) {
      const n = stepped(s, min, max, step);
      const dec = decimalsOf(step);
      const bare = groupNumber(n, dec);
      const u = n === 1 && unit.one ? unit.one : unit.unit;
      const plain = n.toFixed(dec);
      const aliases = new Set<string>();
      for (const spelled of [u, ...(unit.also ?? [])]) {
        aliases.add(`${bare} ${spelled}`);
        aliases.add(`${plain} ${spelled}`);
        aliases.add(`${bare}-${spelled.replace(/s$/, '')}`);
      }
      const words = numberToWords(n);
      if (words) aliases.add(`${words} ${u}`);
      aliases.delete(`${bare} ${u}`);
      return { name, value: `${bare} ${u}`, bare, aliases: [...aliases], numeric: { value: n, tolerance: 0, unit: unit.unit } };
    },
  };
}

const CURRENCY = {
  USD: { symbol: '$', alt: ['US$'] },
  EUR: { symbol: '€', alt: ['EUR '] },
  SGD: { symbol: 'S$', alt: ['SGD '] },
} as const;
export type Currency = keyof typeof CURRENCY;

export function moneyValue(name: string, amount: number, cur: Currency): FactValue {
  const c = CURRENCY[cur];
  const bare = groupNumber(amount, 2);
  const plain = amount.toFixed(2);
  const aliases = new Set<string>([`${c.symbol}${plain}`, `${bare} ${cur}`, `${plain} ${cur}`, `${cur} ${bare}`, `${cur} ${plain}`]);
  for (const alt of c.alt) aliases.add(`${alt}${bare}`);
  if (Number.isInteger(amount)) {
    aliases.add(`${c.symbol}${groupNumber(amount)}`);
    aliases.add(`${groupNumber(amount)} ${cur}`);
  }
  if (cur === 'EUR') aliases.add(`${bare} €`);
  aliases.delete(`${c.symbol}${bare}`);
  return { name, value: `${c.symbol}${bare}`, bare, aliases: [...aliases], numeric: { value: amount, tolerance: 0.005, unit: cur } };
}

export function money(name: string, cur: Currency, min: number, max: number, step: number, opts: Options = {}): FactDef {
  return { name, ...opts, draw: (s) => moneyValue(name, stepped(s, min, max, step), cur) };
}

export function percent(name: string, min: number, max: number, step: number, opts: Options = {}): FactDef {
  return {
    name,
    ...opts,
    draw(s) {
      const n = stepped(s, min, max, step);
      const bare = n.toFixed(decimalsOf(step));
      return { name, value: `${bare}%`, bare, aliases: [`${bare} percent`, `${bare} per cent`, `${bare} %`], numeric: { value: n, tolerance: 0.001, unit: '%' } };
    },
  };
}

/** A 24-hour local time on a minute grid: "15:45" (aliases "3:45 PM", ...). */
export function clock(name: string, from: string, to: string, stepMinutes: number, opts: Options = {}): FactDef {
  const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return {
    name,
    ...opts,
    draw(s) {
      const m = stepped(s, toMin(from), toMin(to), stepMinutes);
      const hh = Math.floor(m / 60);
      const mm = String(m % 60).padStart(2, '0');
      const h12 = hh % 12 === 0 ? 12 : hh % 12;
      const ap = hh < 12 ? 'AM' : 'PM';
      const value = `${String(hh).padStart(2, '0')}:${mm}`;
      const aliases = [`${h12}:${mm} ${ap}`, `${h12}:${mm} ${ap.toLowerCase()}`, `${h12}:${mm}${ap.toLowerCase()}`, `${h12}:${mm} ${ap[0]?.toLowerCase()}.m.`, `${value} local time`];
      if (mm === '00') aliases.push(`${h12} ${ap}`, `${h12}${ap.toLowerCase()}`);
      return { name, value, bare: value, aliases, numeric: { value: m, tolerance: 0, unit: 'minutes after midnight' } };
    },
  };
}

export function dateValue(name: string, iso: string): FactValue {
  const f = dateForms(iso);
  return { name, value: f.long, iso, bare: f.long, aliases: [iso, f.dayFirst, f.short], numeric: { value: isoToDays(iso), tolerance: 0, unit: 'days since 1970-01-01' } };
}

export function date(name: string, from: string, to: string, opts: Options = {}): FactDef {
  return { name, ...opts, draw: (s) => dateValue(name, daysToIso(s.int(isoToDays(from), isoToDays(to)))) };
}

/** A contact address with a seeded desk number: "claims-4821@quillfeather.example". */
export function email(name: string, local: string, domain = 'quillfeather.example', opts: Options = {}): FactDef {
  return {
    name,
    ...opts,
    draw(s) {
      const value = `${local}-${s.int(1000, 9999)}@${domain}`;
      return { name, value, aliases: [value.toUpperCase()] };
    },
  };
}

/** A fictional phone number in the 555-01xx range reserved for fiction. */
export function phone(name: string, prefix: string, opts: Options = {}): FactDef {
  return {
    name,
    ...opts,
    draw(s) {
      const tail = s.int(100, 199);
      const value = `${prefix}-555-0${tail}`;
      return { name, value, aliases: [value.replace(/-/g, ' '), value.replace(/-/g, '')] };
    },
  };
}

/** A code: prefix + digits ("QF-4291"). */
export function code(name: string, prefix: string, min: number, max: number, opts: Options = {}): FactDef {
  return {
    name,
    ...opts,
    draw(s) {
      const n = s.int(min, max);
      return { name, value: `${prefix}${n}`, bare: String(n), aliases: [] };
    },
  };
}

export function hexToken(name: string, length: number, opts: Options = {}): FactDef {
  return {
    name,
    ...opts,
    draw(s) {
      let value = '';
      while (value.length < length) value += s.nextUint32().toString(16).padStart(8, '0');
      value = value.slice(0, length);
      return { name, value, aliases: [] };
    },
  };
}

/** A fact computed from earlier facts (drawing nothing). */
export function derived(name: string, compute: (facts: Facts) => FactValue, opts: Options = {}): FactDef {
  return { name, ...opts, draw: (_s, facts) => compute(facts) };
}

/** A unitless integer ("194" for a DIM divisor). */
export function plainNumber(name: string, min: number, max: number, opts: Options & { step?: number } = {}): FactDef {
  const step = opts.step ?? 1;
  return {
    name,
    ...opts,
    draw(s) {
      const n = stepped(s, min, max, step);
      const bare = groupNumber(n, decimalsOf(step));
      const aliases = bare === String(n) ? [] : [String(n)];
      return { name, value: bare, bare, aliases, numeric: { value: n, tolerance: 0 } };
    },
  };
}
