import type { FactDef } from './kinds';
import { rateFacts } from './defs-rates';
import { accessorialFacts, claimsFacts, palletFacts } from './defs-services';
import { accountFacts, apiFacts, billingFacts, customsFacts, hazmatFacts, ltlFacts, pickupFacts, slaFacts, trackingFacts } from './defs-operations';

/**
 * Every seeded fact, in draw order. Order matters only for constraints
 * (`distinctFrom` names facts defined earlier); each fact draws from its own
 * fork of the stream, so adding a fact shifts no other value.
 */
export const FACT_DEFS: readonly FactDef[] = [
  ...rateFacts,
  ...accessorialFacts,
  ...claimsFacts,
  ...palletFacts,
  ...hazmatFacts,
  ...customsFacts,
  ...billingFacts,
  ...apiFacts,
  ...accountFacts,
  ...trackingFacts,
  ...pickupFacts,
  ...slaFacts,
  ...ltlFacts,
];
