import { InternalError } from '../../harness/errors';
import { type CandidateSeed, createStream } from '../../harness/secrets';
import type { FactValue } from '../types';
import { FACT_DEFS } from './definitions';
import type { FactDef, Facts } from './kinds';

const MAX_TRIES = 200;

function sameValue(a: FactValue, b: FactValue): boolean {
  if (a.numeric && b.numeric) return a.numeric.value === b.numeric.value;
  return a.value === b.value;
}

/**
 * Draw every fact of the corpus for one seed. Each fact has its own fork of
 * `corpus.facts`, so a fact's value depends only on the seed and its name.
 * Constraints are met by redrawing from the same fork, which stays
 * deterministic.
 */
export function generateFacts(seed: CandidateSeed, defs: readonly FactDef[] = FACT_DEFS): Record<string, FactValue> {
  const root = createStream(seed, 'corpus.facts');
  const facts: Record<string, FactValue> = {};
  for (const def of defs) {
    if (facts[def.name]) throw new InternalError(`fact ${def.name} is defined twice in corpora/facts`);
    const stream = root.fork(def.name);
    let value: FactValue | undefined;
    for (let i = 0; i < MAX_TRIES && value === undefined; i++) {
      const candidate = def.draw(stream, facts as Facts);
      const clash = (def.distinctFrom ?? []).some((other) => {
        const o = facts[other];
        if (!o) throw new InternalError(`fact ${def.name} must differ from ${other}, which is not defined before it in corpora/facts`);
        return sameValue(candidate, o);
      });
      if (!clash && (def.accept?.(candidate, facts) ?? true)) value = candidate;
    }
    if (!value) throw new InternalError(`fact ${def.name}: no value met its constraints in ${MAX_TRIES} draws; widen its range in corpora/facts`);
    facts[def.name] = value;
  }
  return facts;
}
