import type { FactValue, RenderedDoc } from '../types';
import { renderWithFacts } from './render';

/** The marker a probe rendering prints for `{{facts.NAME}}` (and `«NAME:n»` for `{{n.NAME}}`). */
export function probeMarker(name: string): string {
  return `«${name}»`;
}

/**
 * Render the corpus with every fact replaced by a unique marker. Two facts can
 * happen to share a value ("$55.00"), so checks about *where a fact is
 * stated* (tables only, deep in a long page, in its supporting document) look
 * for the marker here rather than for the value in the real rendering.
 */
export function renderFactProbes(facts: Record<string, FactValue>): RenderedDoc[] {
  const probes: Record<string, FactValue> = {};
  for (const [name, fact] of Object.entries(facts)) {
    probes[name] = { ...fact, value: probeMarker(name), bare: `«${name}:n»` };
  }
  return renderWithFacts(probes);
}

/** Does the document state the fact (as value or as bare number)? */
export function statesFact(doc: RenderedDoc, name: string): boolean {
  return doc.markdown.includes(probeMarker(name)) || doc.markdown.includes(`«${name}:n»`);
}
