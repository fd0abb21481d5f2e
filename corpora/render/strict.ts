import Mustache from 'mustache';

type Token = [string, string, number, number, Token[]?, ...unknown[]];

function lookup(stack: readonly unknown[], name: string): { found: boolean; value: unknown } {
  if (name === '.') return { found: true, value: stack[stack.length - 1] };
  const parts = name.split('.');
  for (let i = stack.length - 1; i >= 0; i--) {
    const ctx = stack[i];
    if (ctx !== null && typeof ctx === 'object' && Object.hasOwn(ctx, parts[0] as string)) {
      let value: unknown = ctx;
      for (const part of parts) {
        if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return { found: false, value: undefined };
        value = (value as Record<string, unknown>)[part];
      }
      return { found: true, value };
    }
  }
  return { found: false, value: undefined };
}

/**
 * Every name a template (and the partials it pulls in) uses must resolve in
 * the view. Mustache itself renders a missing name as an empty string, which
 * would silently drop a fact from a page; this walk finds those first.
 */
export function findMissingNames(template: string, view: object, partials: Record<string, string>): string[] {
  const missing: string[] = [];
  const walk = (tokens: Token[], stack: unknown[], where: string, seen: string[]) => {
    for (const token of tokens) {
      const [type, name] = token;
      if (type === 'name' || type === '&') {
        const r = lookup(stack, name);
        if (!r.found || r.value === undefined || r.value === null || r.value === '') missing.push(`${where}: {{${name}}}`);
      } else if (type === '#' || type === '^') {
        const r = lookup(stack, name);
        if (!r.found) {
          missing.push(`${where}: {{#${name}}}`);
          continue;
        }
        const children = (token[4] ?? []) as Token[];
        if (type === '#' && Array.isArray(r.value)) for (const item of r.value) walk(children, [...stack, item], where, seen);
        else if (type === '#' && r.value !== null && typeof r.value === 'object') walk(children, [...stack, r.value], where, seen);
        else walk(children, stack, where, seen);
      } else if (type === '>') {
        const partial = partials[name];
        if (partial === undefined) missing.push(`${where}: {{> ${name}}} (no such partial)`);
        else if (!seen.includes(name)) walk(Mustache.parse(partial) as unknown as Token[], stack, `${where} > ${name}`, [...seen, name]);
      }
    }
  };
  walk(Mustache.parse(template) as unknown as Token[], [view], 'template', []);
  return missing;
}
