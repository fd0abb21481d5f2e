import { LABEL_COLUMN, NOISE_NAMES } from './render';
import { DICTIONARY_SCHEMA, type ColumnDoc, type DictionaryJson } from './schema';
import { CHANNELS, COMMODITIES, DAMAGE_TYPES, MODES, SEGMENTS } from './world';

/**
 * The public data dictionary. Every column is described honestly, including when
 * its value is recorded; nothing here says which columns are unsafe to use, since
 * finding that out is the exercise.
 */

const AT_FILING = 'when the claim is filed';
const AT_BOOKING = 'when the shipment is booked';

type Doc = Omit<ColumnDoc, 'inTrain' | 'inTest'>;

const NAMED_DOCS: Doc[] = [
  {
    name: 'claim_id',
    type: 'id',
    recordedWhen: 'when the claim is entered into the claims system',
    description: 'Claim identifier. Regular ids increase with entry order; claims entered through the 2023 records migration, and claims re-entered later, carry ids from QF-4000000 up.',
  },
  {
    name: 'ingest_batch',
    type: 'category',
    recordedWhen: 'when the record is loaded into the warehouse',
    description:
      "The warehouse load that brought the record into this extract: a quarterly load of the claims filed that quarter (e.g. 2023-Q2), or MIGRATION-2023, the one-off 2023 load that moved the investigations team's case files (claims filed 2022-2023 that had been referred to investigation) out of their old case system. Migrated claims are ordinary claims of the training period, loaded by a different route: they count towards its fraud rate like any other, and no 2024 claim comes through that route.",
  },
  { name: 'claim_date', type: 'date', recordedWhen: AT_FILING, description: 'Date the claim was filed. Dates appear as YYYY-MM-DD, YYYY/MM/DD, MM/DD/YYYY (month first) or DD-Mon-YYYY.' },
  { name: 'ship_date', type: 'date', recordedWhen: 'at pickup', description: 'Date the shipment was picked up (same date forms as claim_date).' },
  { name: 'delivery_date', type: 'date', recordedWhen: 'at delivery', description: 'Date the shipment was delivered (same date forms as claim_date).' },
  { name: 'claim_hour', type: 'integer', unit: 'hour 0-23', recordedWhen: AT_FILING, description: 'Local hour at which the claim was filed.' },
  { name: 'customer_id', type: 'id', recordedWhen: 'account data', description: 'Customer account. A customer can file several claims.' },
  { name: 'customer_segment', type: 'category', recordedWhen: 'account data', description: 'Customer segment.', values: [...SEGMENTS] },
  { name: 'customer_since', type: 'date', recordedWhen: 'account data', description: 'Date the customer account was opened.' },
  {
    name: 'prior_claims_12m',
    type: 'integer',
    recordedWhen: AT_FILING,
    description: 'Number of claims the customer filed in the 12 months before this claim, from the claims system (including claims outside this extract).',
  },
  {
    name: 'legacy_risk_code',
    type: 'category',
    recordedWhen: 'account data from the legacy customer-risk system, which was retired on 2023-12-31',
    description: 'Customer risk code from A (lowest) to D in the legacy system.',
    values: ['A', 'B', 'C', 'D'],
  },
  { name: 'origin_hub', type: 'category', recordedWhen: AT_BOOKING, description: 'Hub where the shipment entered the network.' },
  { name: 'destination_hub', type: 'category', recordedWhen: AT_BOOKING, description: 'Hub that delivered the shipment.' },
  {
    name: 'route_risk_index',
    type: 'integer',
    unit: '0-100',
    recordedWhen: AT_BOOKING,
    description: "The security team's published theft and incident index for the origin-to-destination lane (built from incident reports, not from claims).",
  },
  {
    name: 'route_fraud_rate',
    type: 'number',
    unit: 'share 0-1',
    recordedWhen: 'at extraction, from confirmed claim outcomes',
    description:
      'Share of claims on the same route and commodity (origin hub, destination hub and commodity) that were confirmed fraudulent, computed by the data team over all labelled claims in the warehouse (the training period). Empty when the route and commodity have no labelled claims.',
  },
  {
    name: 'hub_fraud_rate_14d',
    type: 'number',
    unit: 'share 0-1',
    recordedWhen: "from the risk team's weekly report, built from confirmed claim outcomes",
    description:
      "Share of claims at the origin hub confirmed fraudulent among claims filed within 7 days either side of the claim date. For claims after the last closed report period (2023-12-31), the value is the hub's latest window: claims filed 2023-12-17 to 2023-12-31.",
  },
  { name: 'shipment_mode', type: 'category', recordedWhen: AT_BOOKING, description: 'LTL (less than truckload), FTL (full truckload) or Parcel.', values: [...MODES] },
  { name: 'commodity', type: 'category', recordedWhen: AT_BOOKING, description: 'Kind of goods shipped.', values: [...COMMODITIES] },
  { name: 'packaging_type', type: 'category', recordedWhen: AT_BOOKING, description: 'How the goods were packed, as typed by the booking clerk.' },
  { name: 'num_packages', type: 'integer', recordedWhen: AT_BOOKING, description: 'Number of packages in the shipment.' },
  { name: 'weight', type: 'number', recordedWhen: AT_BOOKING, description: 'Gross weight of the shipment. The unit is in weight_unit, or written after the number ("12.5 kg", "27.6 lb").' },
  { name: 'weight_unit', type: 'category', recordedWhen: AT_BOOKING, description: 'Unit of weight: kg or lb. Empty when the unit is written in the weight column.', values: ['kg', 'lb'] },
  {
    name: 'declared_value',
    type: 'amount',
    unit: 'USD',
    recordedWhen: AT_BOOKING,
    description: 'Value of the goods declared by the customer, as typed into the booking system (e.g. 1234.50, $1,234.50, USD 1234.50, 1.2k).',
  },
  { name: 'claim_amount', type: 'amount', unit: 'USD', recordedWhen: AT_FILING, description: 'Amount claimed, in the same forms as declared_value.' },
  { name: 'currency', type: 'category', recordedWhen: 'account data', description: "Currency of the customer's invoices. Amounts in this file are always in USD." },
  { name: 'damage_type', type: 'category', recordedWhen: AT_FILING, description: 'Damage as described by the claimant.', values: [...DAMAGE_TYPES] },
  { name: 'channel', type: 'category', recordedWhen: AT_FILING, description: 'How the claim was filed.', values: [...CHANNELS] },
  { name: 'photo_evidence', type: 'boolean', recordedWhen: AT_FILING, description: 'Photos of the damage were attached to the claim. Booleans appear as Y/N, 1/0, true/false, yes/no or TRUE/FALSE.' },
  { name: 'signed_on_delivery', type: 'boolean', recordedWhen: 'at delivery', description: 'The consignee signed the proof of delivery without noting any damage.' },
  { name: 'insured', type: 'boolean', recordedWhen: AT_BOOKING, description: 'The shipment carried cargo insurance.' },
  { name: 'description_words', type: 'integer', recordedWhen: AT_FILING, description: "Number of words in the claimant's free-text description of the damage." },
  { name: 'driver_tenure_years', type: 'number', unit: 'years', recordedWhen: 'at delivery', description: 'Years of service of the driver who delivered the shipment.' },
  { name: 'adjuster_id', type: 'category', recordedWhen: 'at intake, right after filing', description: 'Claims adjuster assigned to the claim.' },
  {
    name: 'investigation_calls',
    type: 'integer',
    recordedWhen: 'during the investigation, after the claim is filed; counted at extraction',
    description:
      'Calls logged on the claim by the investigations team up to the time of the extract. Training claims were extracted after their investigation closed; test claims were extracted shortly after filing.',
  },
];

const NOISE_DOC = (name: string): Doc => ({
  name,
  type: 'number',
  recordedWhen: 'during transport',
  description: 'Anonymised channel from a telematics vendor feed; the vendor does not document what each channel measures.',
});

const LABEL_DOC: Doc = {
  name: LABEL_COLUMN,
  type: 'label',
  recordedWhen: 'when the investigation closes, weeks to months after filing',
  description: '1 if the claim was confirmed fraudulent after investigation, else 0. Only in train.csv; predict its probability for every claim_id in test.csv.',
  values: ['0', '1'],
};

/** `expectedFraudRate`: the claims team's forecast for the scoring period, stated to the candidate. */
export function buildDictionary(expectedFraudRate: number): DictionaryJson {
  const columns: ColumnDoc[] = [
    ...NAMED_DOCS.map((d) => ({ ...d, inTrain: true, inTest: true })),
    ...NOISE_NAMES.map((n) => ({ ...NOISE_DOC(n), inTrain: true, inTest: true })),
    { ...LABEL_DOC, inTrain: true, inTest: false },
  ];
  return {
    schema: DICTIONARY_SCHEMA,
    dataset: 'Quillfeather Freight Lines: damage claims',
    idColumn: 'claim_id',
    labelColumn: LABEL_COLUMN,
    trainPeriod: { from: '2022-01-01', to: '2023-12-31' },
    testPeriod: { from: '2024-01-01', to: '2024-06-30', expectedFraudRate },
    columns,
  };
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function renderDictionaryMarkdown(dict: DictionaryJson, counts: { train: number; test: number }): string {
  const lines = [
    '# Quillfeather Freight Lines: damage claims data dictionary',
    '',
    'Quillfeather Freight Lines is a fictional freight carrier. Each row is one damage claim filed by a customer.',
    '',
    `- \`train.csv\`: ${counts.train} rows, claims filed ${dict.trainPeriod.from} to ${dict.trainPeriod.to}, with the outcome \`${dict.labelColumn}\`.`,
    `- \`test.csv\`: ${counts.test} rows, claims filed ${dict.testPeriod.from} to ${dict.testPeriod.to}, without the outcome.`,
    `- Predict, for every \`${dict.idColumn}\` in test.csv, the probability that the claim will be confirmed fraudulent.`,
    `- The claims team expects about ${(100 * dict.testPeriod.expectedFraudRate).toFixed(1)}% of the claims filed ${dict.testPeriod.from} to ${dict.testPeriod.to} to be confirmed fraudulent (their forecast from the investigations pipeline; \`testPeriod.expectedFraudRate\` in data_dictionary.json). Probabilities are judged for calibration against the scoring period, not the training one.`,
    '',
    'The extract was taken from several source systems and was not cleaned.',
    '',
    '| column | type | recorded | description |',
    '|---|---|---|---|',
  ];
  const noise = dict.columns.filter((c) => NOISE_NAMES.includes(c.name));
  for (const c of dict.columns) {
    if (NOISE_NAMES.includes(c.name) && c.name !== noise[0]?.name) continue;
    const name = NOISE_NAMES.includes(c.name) ? `\`${noise[0]?.name}\` … \`${noise[noise.length - 1]?.name}\`` : `\`${c.name}\``;
    const unit = c.unit ? ` (${c.unit})` : '';
    const values = c.values ? ` Values: ${c.values.join(', ')}.` : '';
    const where = c.inTest ? '' : ' Not in test.csv.';
    lines.push(`| ${name} | ${c.type}${unit} | ${cell(c.recordedWhen)} | ${cell(c.description + values + where)} |`);
  }
  lines.push('');
  return lines.join('\n');
}
