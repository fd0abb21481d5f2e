import { ACCESSORIAL_FEES } from '../facts/defs-services';
import { BANDS, ZONES } from '../facts/defs-rates';
import { factQuestion, otherRegions, REGION_KEYS, REGION_NAMES, type QuestionTemplate, type RegionKey } from './template';

export const BAND_TEXT: Record<RegionKey, string[]> = {
  us: ['100–499 lb', '500–999 lb', '1,000–4,999 lb', '5,000–9,999 lb'],
  eu: ['50–249 kg', '250–499 kg', '500–2,499 kg', '2,500–4,999 kg'],
  apac: ['50–249 kg', '250–499 kg', '500–2,499 kg', '2,500–4,999 kg'],
};
const UNIT: Record<RegionKey, string> = { us: 'per hundredweight (100 lb)', eu: 'per 100 kg', apac: 'per 100 kg' };

function rateQuestions(): QuestionTemplate[] {
  const out: QuestionTemplate[] = [];
  for (const r of REGION_KEYS) {
    for (const z of ZONES) {
      for (const b of BANDS) {
        const band = BAND_TEXT[r][b - 1] as string;
        const fact = `rate_z${z}_b${b}_${r}`;
        out.push(factQuestion(`base-rate-${r}-z${z}-b${b}`, 'table-lookup', [fact], [
          `What is the LTL base rate for a zone ${z} shipment in the ${band} band in the ${REGION_NAMES[r]} network?`,
          `In the ${REGION_NAMES[r]} base-rate table, what rate ${UNIT[r]} applies to zone ${z} freight weighing ${band}?`,
        ], `The ${REGION_NAMES[r]} base rate for zone ${z}, ${band}, is {{facts.${fact}}} ${UNIT[r]}.`, [`ltl-base-rates-${r}`, 'how-rates-are-calculated'],
        otherRegions(`rate_z${z}_b${b}`, r)));
      }
    }
  }
  return out;
}

function accessorialQuestions(): QuestionTemplate[] {
  const out: QuestionTemplate[] = [];
  for (const fee of ACCESSORIAL_FEES) {
    const label = fee.label.toLowerCase();
    for (const r of REGION_KEYS) {
      const fact = `${fee.key}_${r}`;
      out.push(factQuestion(`accessorial-${fee.key.replace(/_/g, '-')}-${r}`, 'table-lookup', [fact], [
        `How much is the ${label} charge for shipments in the ${REGION_NAMES[r]} network?`,
        `According to the ${REGION_NAMES[r]} accessorial schedule, what does "${fee.label}" cost?`,
      ], `In the ${REGION_NAMES[r]} network, ${label} costs {{facts.${fact}}} per shipment.`, [`accessorial-charges-${r}`], otherRegions(fee.key, r)));
    }
  }
  return out;
}

const zones: QuestionTemplate[] = [1, 2, 3, 4].map((z) =>
  factQuestion(`zone-${z}-boundary`, 'table-lookup', [`zone${z}_max_miles`], [
    `What is the maximum road distance between service centres for zone ${z}?`,
    `Up to how many miles does zone ${z} extend?`,
  ], `Zone ${z} covers road distances up to {{facts.zone${z}_max_miles}} between service centres.`, ['zones-explained']),
);

const transit: QuestionTemplate[] = [1, 2, 3, 4, 5].map((z) =>
  factQuestion(`transit-zone-${z}`, 'table-lookup', [`transit_days_z${z}`], [
    `What is the standard transit time for a zone ${z} lane?`,
    `How many business days does a standard LTL shipment take in zone ${z}?`,
  ], `The standard transit time for zone ${z} is {{facts.transit_days_z${z}}}.`, ['transit-times']),
);

const EXCEPTIONS: [string, string, string][] = [
  ['weather', 'a weather or road closure delay', 'weather'],
  ['closed', 'the consignee being closed at the delivery attempt', 'consignee-closed'],
  ['refused', 'a delivery refused by the consignee', 'refused'],
  ['address', 'an incorrect or incomplete address', 'bad-address'],
  ['damaged', 'damage found in Quillfeather care', 'damaged'],
];
const exceptions: QuestionTemplate[] = EXCEPTIONS.map(([key, text, slug]) =>
  factQuestion(`exception-code-${slug}`, 'table-lookup', [`exc_code_${key}`], [
    `Which tracking exception code means ${text}?`,
    `What code does tracking show for ${text}?`,
  ], `The exception code for ${text} is {{facts.exc_code_${key}}}.`, ['statuses-and-exception-codes']),
);

const ERRORS: [string, string, string][] = [
  ['auth_expired', 'an expired access token', 'auth-expired'],
  ['invalid_postal', 'an unknown or unserved postal code', 'invalid-postal'],
  ['weight_limit', 'a handling unit over the maximum weight', 'weight-limit'],
  ['hazmat_forbidden', 'a hazmat class that is not accepted', 'hazmat-forbidden'],
  ['quote_expired', 'an expired quote number', 'quote-expired'],
];
const errors: QuestionTemplate[] = ERRORS.map(([key, text, slug]) =>
  factQuestion(`api-error-${slug}`, 'table-lookup', [`err_${key}`], [
    `Which API error code is returned for ${text}?`,
    `What is the Quillfeather API error code for ${text}?`,
  ], `The API returns error code {{facts.err_${key}}} for ${text}.`, ['api-error-codes', 'api-reference']),
);

const FTL: [string, string][] = [['dry_van', '53-foot dry van'], ['reefer', 'refrigerated (reefer) trailer'], ['flatbed', 'flatbed']];
const ftl: QuestionTemplate[] = FTL.map(([key, text]) =>
  factQuestion(`ftl-rate-${key.replace('_', '-')}`, 'table-lookup', [`ftl_rate_${key}`], [
    `What is the published full truckload rate per mile for a ${text}?`,
    `How much per loaded mile does an FTL ${text} cost?`,
  ], `A ${text} costs {{facts.ftl_rate_${key}}} per loaded mile.`, ['ftl-rates']),
);

const overlength: QuestionTemplate[] = [
  ['t1', 'a 14-foot handling unit (at or above the overlength threshold, up to 15 feet)', 'up-to-15ft'],
  ['t2', 'an 18-foot handling unit', '15-to-20ft'],
  ['t3', 'a 24-foot handling unit', '20-to-28ft'],
].map(([tier, text, slug]) => factQuestion(`overlength-fee-${slug}`, 'table-lookup', [`overlength_fee_${tier}`], [
  `What overlength charge applies to ${text}?`,
  `How much is the overlength fee for a shipment whose longest piece is ${text}?`,
], `The overlength charge for ${text} is {{facts.overlength_fee_${tier}}} per shipment.`, ['overlength-freight']));

const guaranteed: QuestionTemplate[] = [
  factQuestion('guaranteed-standard-premium', 'table-lookup', ['guaranteed_surcharge_pct'], [
    'What premium does guaranteed standard service add?',
    'How much does Guaranteed standard delivery cost on top of the linehaul?',
  ], 'Guaranteed standard adds {{facts.guaranteed_surcharge_pct}} of the linehaul charge.', ['guaranteed-service']),
  factQuestion('guaranteed-noon-premium', 'table-lookup', ['guaranteed_am_surcharge_pct'], [
    'What is the premium for guaranteed-by-noon delivery?',
    'How much extra is Guaranteed by noon, as a percentage of linehaul?',
  ], 'Guaranteed by noon adds {{facts.guaranteed_am_surcharge_pct}} of the linehaul charge.', ['guaranteed-service']),
];

export const tableQuestions: QuestionTemplate[] = [
  ...rateQuestions(),
  ...accessorialQuestions(),
  ...zones,
  ...transit,
  ...exceptions,
  ...errors,
  ...ftl,
  ...overlength,
  ...guaranteed,
];
