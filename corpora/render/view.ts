import type { FactValue } from '../types';

const REGION_SUFFIXES = { us: 'US', eu: 'EU', apac: 'APAC' } as const;

export interface ScopedFacts {
  /** value as printed */
  f: Record<string, string>;
  /** bare number */
  n: Record<string, string>;
}

export interface TemplateView {
  facts: Record<string, string>;
  n: Record<string, string>;
  iso: Record<string, string>;
  /** region.us.f.claim_window_days = facts.claim_window_days_us, for shared regional bodies */
  region: Record<keyof typeof REGION_SUFFIXES, ScopedFacts & { code: string }>;
  /** version.old.f.x = facts.x_old and version.current.f.x = facts.x, for superseded pairs */
  version: { old: ScopedFacts; current: ScopedFacts };
}

/**
 * The mustache view of one candidate's facts. Regional and superseded pages
 * share one body partial, rendered inside `{{#region.eu}}` or
 * `{{#version.old}}`, where `{{f.NAME}}` finds the scoped value.
 */
export function buildView(facts: Record<string, FactValue>): TemplateView {
  const view: TemplateView = {
    facts: {},
    n: {},
    iso: {},
    region: {
      us: { code: 'US', f: {}, n: {} },
      eu: { code: 'EU', f: {}, n: {} },
      apac: { code: 'APAC', f: {}, n: {} },
    },
    version: { old: { f: {}, n: {} }, current: { f: {}, n: {} } },
  };
  for (const [name, fact] of Object.entries(facts)) {
    view.facts[name] = fact.value;
    view.n[name] = fact.bare ?? fact.value;
    if (fact.iso) view.iso[name] = fact.iso;
  }
  for (const [name, fact] of Object.entries(facts)) {
    const bare = fact.bare ?? fact.value;
    for (const key of Object.keys(REGION_SUFFIXES) as (keyof typeof REGION_SUFFIXES)[]) {
      if (name.endsWith(`_${key}`)) {
        const base = name.slice(0, -key.length - 1);
        view.region[key].f[base] = fact.value;
        view.region[key].n[base] = bare;
      }
    }
    if (name.endsWith('_old')) {
      const base = name.slice(0, -4);
      const current = facts[base];
      if (current) {
        view.version.old.f[base] = fact.value;
        view.version.old.n[base] = bare;
        view.version.current.f[base] = current.value;
        view.version.current.n[base] = current.bare ?? current.value;
      }
    }
  }
  return view;
}
