import { factQuestion, otherRegions, REGION_KEYS, REGION_NAMES, type QuestionTemplate, type RegionKey } from './template';

type RegionalRow = [family: string, base: string, doc: (r: RegionKey) => string, variants: (region: string) => string[], answer: (region: string, fact: string) => string];

const REGIONAL: RegionalRow[] = [
  ['claim-window', 'claim_window_days', (r) => `filing-a-claim-${r}`,
    (g) => [`How long do I have to file a freight claim for a shipment in the ${g} network?`, `What is the claim filing deadline after delivery for ${g} shipments?`],
    (g, f) => `For ${g} shipments, a written claim must reach Quillfeather within {{facts.${f}}} of delivery.`],
  ['minimum-charge', 'min_charge', (r) => `ltl-base-rates-${r}`,
    (g) => [`What is the minimum LTL charge per shipment in the ${g} network?`, `If weight times rate comes out very low, what is the least a ${g} LTL shipment costs?`],
    (g, f) => `The minimum linehaul charge in the ${g} network is {{facts.${f}}} per shipment.`],
  ['brokerage-fee', 'brokerage_fee', (r) => `customs-brokerage-fees-${r}`,
    (g) => [`What does Quillfeather charge per customs entry in the ${g} network?`, `How much is the customs brokerage fee for ${g} shipments?`],
    (g, f) => `The brokerage fee in the ${g} network is {{facts.${f}}} per entry.`],
  ['payment-terms', 'payment_terms_days', (r) => `payment-terms-${r}`,
    (g) => [`What are the payment terms for credit-account customers in the ${g} network?`, `How many days do ${g} credit customers have to pay an invoice?`],
    (g, f) => `${g} credit-account customers pay within {{facts.${f}}} of the invoice date.`],
  ['late-fee', 'late_fee_pct', (r) => `payment-terms-${r}`,
    (g) => [`What late payment charge applies to overdue invoices in the ${g} network?`, `How much interest is charged per month on late ${g} invoices?`],
    (g, f) => `Overdue ${g} invoices carry {{facts.${f}}} of the overdue amount per month or part of a month.`],
  ['pickup-cutoff', 'pickup_cutoff', (r) => `pickup-cutoff-times-${r}`,
    (g) => [`What is the same-day pickup booking cut-off in the ${g} network?`, `By what local time must I book a pickup in the ${g} network for it to happen today?`],
    (g, f) => `In the ${g} network, book by {{facts.${f}}} local time for a same-day pickup.`],
  ['data-retention', 'retention_months', (r) => `data-retention-${r}`,
    (g) => [`How long does Quillfeather keep shipment records for customers in the ${g} network?`, `What is the data retention period for ${g} shipment documents?`],
    (g, f) => `${g} shipment records are kept for {{facts.${f}}} after the shipment or claim is closed.`],
];

function regionalQuestions(): QuestionTemplate[] {
  const out: QuestionTemplate[] = [];
  for (const [family, base, doc, variants, answer] of REGIONAL) {
    for (const r of REGION_KEYS) {
      const g = REGION_NAMES[r];
      const fact = `${base}_${r}`;
      const forbidden = otherRegions(base, r);
      if (base === 'claim_window_days' && r === 'us') forbidden.push(['claim_window_days_forum', 'contradicted']);
      const docs = [doc(r)];
      if (base === 'claim_window_days') docs.push(r === 'us' ? 'claims-handbook' : `claims-handbook-${r}`);
      out.push(factQuestion(`${family}-${r}`, 'region-sensitive', [fact], variants(g), answer(g, fact), docs, forbidden));
    }
  }
  return out;
}

type VersionRow = [family: string, fact: string, doc: string, variants: string[], answer: string];

const VERSIONED: VersionRow[] = [
  ['fuel-surcharge', 'fuel_surcharge_pct', 'fuel-surcharge', ['What is the current fuel surcharge percentage?', 'How much fuel surcharge is added to the linehaul charge right now?'], 'The current fuel surcharge is {{facts.fuel_surcharge_pct}} of the linehaul charge.'],
  ['fuel-effective-date', 'fuel_effective_date', 'fuel-surcharge', ['Since when does the current fuel surcharge schedule apply?', 'From what pickup date does the current fuel surcharge take effect?'], 'The current schedule applies to shipments picked up on or after {{facts.fuel_effective_date}}.'],
  ['dim-divisor', 'dim_divisor', 'density-and-dim-weight', ['What DIM divisor does Quillfeather use?', 'Which divisor turns cubic inches into DIM weight?'], 'The DIM divisor is {{facts.dim_divisor}} (cubic inches divided by it give pounds).'],
  ['detention-free-time', 'detention_free_minutes', 'detention-and-waiting-time', ['How much free time is included at each LTL pickup or delivery before detention?', 'How long can a driver wait at my dock before detention starts?'], 'Each stop includes {{facts.detention_free_minutes}} of free time.'],
  ['detention-rate', 'detention_per_hour', 'detention-and-waiting-time', ['What is the hourly detention charge?', 'How much does Quillfeather charge per hour of detention?'], 'Detention costs {{facts.detention_per_hour}} per hour, billed in 15-minute increments.'],
  ['liability-new-goods', 'liability_per_lb_new', 'liability-limits', ['What is the liability limit per pound for new goods in the US?', 'How much per pound does Quillfeather pay for lost new goods without declared value?'], 'For new goods the limit is {{facts.liability_per_lb_new}} per pound of the lost or damaged part.'],
  ['liability-shipment-cap', 'liability_max_shipment', 'liability-limits', ['What is the maximum liability per shipment?', 'Is there a cap on Quillfeather liability for one shipment?'], 'Liability is capped at {{facts.liability_max_shipment}} per shipment.'],
  ['pallet-weight', 'max_pallet_weight_lbs', 'pallet-requirements', ['What is the maximum weight of one pallet, pallet included?', 'How heavy can a single handling unit be?'], 'The maximum weight is {{facts.max_pallet_weight_lbs}} per handling unit, pallet included.'],
  ['dispute-window', 'invoice_dispute_days', 'invoice-disputes', ['How long do I have to dispute an invoice?', 'What is the invoice dispute window?'], 'You can dispute an invoice within {{facts.invoice_dispute_days}} of the invoice date.'],
  ['api-rate-limit', 'api_rate_limit_rpm', 'api-rate-limits', ['What is the API rate limit per key?', 'How many API requests per minute can one key make?'], 'Each key may make up to {{facts.api_rate_limit_rpm}}.'],
  ['sla-credit-1day', 'sla_credit_1day_pct', 'service-level-agreement', ['What service credit do I get for a delivery one business day late?', 'How big is the credit for a covered shipment that is 1 day late?'], 'One business day late earns {{facts.sla_credit_1day_pct}} of the linehaul charge.'],
  ['sla-credit-2day', 'sla_credit_2day_pct', 'service-level-agreement', ['What service credit applies when a covered delivery is 2–3 business days late?', 'How much credit for a guaranteed shipment three days late?'], 'Two to three business days late earns {{facts.sla_credit_2day_pct}} of the linehaul charge.'],
  ['sla-credit-4day', 'sla_credit_4day_pct', 'service-level-agreement', ['What service credit applies when a delivery is 4 or more business days late?', 'How much credit for a covered shipment a week late?'], 'Four or more business days late earns {{facts.sla_credit_4day_pct}} of the linehaul charge.'],
  ['peak-surcharge', 'peak_surcharge_pct', 'peak-season-surcharge', ['What is the peak season surcharge this season?', 'How much is added to LTL linehaul during peak season?'], 'The peak season surcharge is {{facts.peak_surcharge_pct}} of the linehaul charge.'],
  ['peak-start', 'peak_start_date', 'peak-season-surcharge', ['When does the peak season surcharge start this season?', 'From what date does the current peak surcharge apply?'], 'The peak season surcharge starts on {{facts.peak_start_date}}.'],
];

function versionQuestions(): QuestionTemplate[] {
  return VERSIONED.map(([family, fact, doc, variants, answer]) =>
    factQuestion(`current-${family}`, 'version-sensitive', [fact], variants, answer, [doc, 'policy-updates'], [[`${fact}_old`, 'superseded']]),
  );
}

export const regionQuestions = regionalQuestions();
export const versionSensitiveQuestions = versionQuestions();
