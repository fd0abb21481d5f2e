import { type Currency, dateValue, moneyValue } from '../facts/kinds';
import { daysToIso, groupNumber, isoToDays } from '../facts/words';
import type { Facts, RequiredFact } from './template';

/** The number behind a fact; throws if the fact is missing or not numeric (a bug in a question). */
export function num(facts: Facts, name: string): number {
  const n = facts[name]?.numeric?.value;
  if (n === undefined) throw new Error(`question uses fact ${name}, which is missing or not numeric`);
  return n;
}

export function roundCents(x: number): number {
  return Math.round((x + Number.EPSILON) * 100) / 100;
}

/** A computed money answer; tolerance 0.5% (min one cent) so rounding of intermediate steps is not punished. */
export function computedMoney(name: string, amount: number, cur: Currency): RequiredFact {
  const v = moneyValue(`computed:${name}`, roundCents(amount), cur);
  const tolerance = Math.max(0.01, roundCents(Math.abs(amount) * 0.005));
  return { name: v.name, value: v.value, aliases: v.aliases, numeric: { value: roundCents(amount), tolerance, unit: cur } };
}

export function computedQuantity(name: string, value: number, unit: string, also: string[] = [], tolerance = 0): RequiredFact {
  const bare = groupNumber(value);
  const aliases = [`${value} ${unit}`, ...also.map((u) => `${bare} ${u}`), ...also.map((u) => `${value} ${u}`)].filter((a) => a !== `${bare} ${unit}`);
  return { name: `computed:${name}`, value: `${bare} ${unit}`, aliases: [...new Set(aliases)], numeric: { value, tolerance, unit } };
}

export function computedDate(name: string, iso: string): RequiredFact {
  const v = dateValue(`computed:${name}`, iso);
  return { name: v.name, value: v.value, aliases: v.aliases, numeric: v.numeric };
}

export function addDays(iso: string, days: number): string {
  return daysToIso(isoToDays(iso) + days);
}

export function fmtMoney(amount: number, cur: Currency): string {
  return moneyValue('x', roundCents(amount), cur).value;
}
