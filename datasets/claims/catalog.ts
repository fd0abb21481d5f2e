import { REEXPORT } from './derive';
import type { Measured } from './measure';
import { RETIRED_TWIN_CODE } from './twins';
import { COLUMNS, NOISE_NAMES } from './render';
import type { Probe, TrapEntry } from './schema';
import type { World } from './world';

/**
 * The hidden trap catalog: what each trap is, where it sits, how a careful
 * candidate avoids it and how a grader can tell. Per seed, with measurements.
 */

interface TrapText {
  id: number;
  name: string;
  description: string;
  columns: string[];
  howToAvoid: string;
  probe: Probe;
  otherProbes: Probe[];
  reportKeywords: string[];
}

function texts(world: World, strongestNoise: string): TrapText[] {
  const driftColumn = world.drift.feature;
  return [
    {
      id: 1,
      name: 'post-outcome feature',
      description:
        'investigation_calls is logged during the investigation, after filing. Training claims were extracted after their investigation closed, so confirmed frauds carry long call logs; test claims were extracted at filing time, when the count is independent of the outcome.',
      columns: ['investigation_calls'],
      howToAvoid: 'Drop features recorded after the prediction time (read the dictionary\'s "recorded" column).',
      probe: 'correlation',
      otherProbes: ['twin', 'calibration', 'report'],
      reportKeywords: ['investigation_calls', 'after the claim', 'post-outcome', 'future information', 'not available at prediction'],
    },
    {
      id: 2,
      name: 'target-encoded rate includes own label',
      description:
        "route_fraud_rate is the mean label of the (origin, destination, commodity) group over the whole training extract, each row's own label included; groups are small, so it nearly reveals the label. In test it is the training-period rate of the group, which carries no test row's own label.",
      columns: ['route_fraud_rate', 'origin_hub', 'destination_hub', 'commodity'],
      howToAvoid: "Drop it, or rebuild the encoding out of fold (excluding each row's own label) inside cross-validation.",
      probe: 'correlation',
      otherProbes: ['calibration', 'report'],
      reportKeywords: ['route_fraud_rate', 'target encoding', 'own label', 'target leakage', 'out-of-fold'],
    },
    {
      id: 3,
      name: 'identifier tracks the label',
      description:
        'Most confirmed frauds came in through the 2023 records migration (ingest_batch MIGRATION-2023) and were re-keyed into the QF-4000000+ range; in test, ids in that range are clerical re-entries unrelated to the outcome, and no test claim comes through the migration. Probed by id twins (the id flipped between the ranges) and batch twins (ingest_batch set to MIGRATION-2023).',
      columns: ['claim_id', 'ingest_batch'],
      howToAvoid: 'Never use identifiers (or numbers parsed from them) or load batches as features.',
      probe: 'twin',
      otherProbes: ['correlation', 'report'],
      reportKeywords: ['claim_id', 'identifier', 'migration', 'ingest_batch'],
    },
    {
      id: 4,
      name: 'sorted training file',
      description:
        'train.csv is sorted by ingest_batch, then by label: unshuffled K-fold or a head/tail split gives folds with very different base rates, and the last rows (the migration batch) are mostly positives.',
      columns: ['ingest_batch', 'is_fraud'],
      howToAvoid: 'Shuffle before K-fold (stratified), or split by time on claim_date / by customer on purpose.',
      probe: 'calibration',
      otherProbes: ['report'],
      reportKeywords: ['shuffle', 'sorted', 'stratified', 'order of the rows'],
    },
    {
      id: 5,
      name: 'time drift and look-ahead window',
      description: `The test period has a higher base rate (intercept +${world.interceptShift.toFixed(2)} log-odds) and the effect of ${driftColumn} changed (${world.drift.train.toFixed(2)} -> ${world.drift.test.toFixed(2)} log-odds). hub_fraud_rate_14d looks ahead in training (a window centred on the claim date, over confirmed outcomes, own row included); in test it is frozen at the last closed window.`,
      columns: ['claim_date', driftColumn, 'hub_fraud_rate_14d'],
      howToAvoid: 'Validate on a time-based split (latest months held out), expect the base rate to move and recalibrate, and drop features computed from future or outcome data.',
      probe: 'calibration',
      otherProbes: ['correlation', 'report'],
      reportKeywords: ['time-based', 'temporal', 'drift', 'hub_fraud_rate_14d', 'base rate', 'look-ahead'],
    },
    {
      id: 6,
      name: 'repeated customers',
      description:
        'Customers file several claims that share a hidden customer risk; test customers never appear in training, so a random row split leaks the customer into validation and overstates the score. Probed by customer twins (customer_id set to a training customer with several confirmed frauds: a model that encodes customers moves) and by an optimistic estimate from a validation that is not grouped by customer.',
      columns: ['customer_id'],
      howToAvoid: 'Group K-fold by customer_id; do not target-encode customer_id.',
      probe: 'twin',
      otherProbes: ['calibration', 'report'],
      reportKeywords: ['customer_id', 'group', 'groupkfold', 'same customer'],
    },
    {
      id: 7,
      name: 'duplicates and conflicting labels',
      description: `train.csv holds exact duplicate rows, near-duplicates that differ only in case or whitespace of one label, and feature-identical rows with opposite labels. Most exact copies are the theft desk's re-exports: every ${REEXPORT.damageType.toLowerCase()} claim it referred to investigation appears again with each case update (confirmed frauds ${REEXPORT.fraudCopies} more times), so with the copies left in, the ${REEXPORT.damageType} fraud rate a model learns is inflated. Probed by effect twins (damage_type set to ${REEXPORT.damageType}): the model's change of log-odds against the generating function's.`,
      columns: ['claim_id', 'damage_type'],
      howToAvoid: 'Normalise, then deduplicate on claim_id (and features) before splitting; decide and report how conflicting labels are resolved.',
      probe: 'twin',
      otherProbes: ['calibration', 'report'],
      reportKeywords: ['duplicate', 'conflicting', 'dedup'],
    },
    {
      id: 8,
      name: 'pure-noise columns',
      description: `The ${NOISE_NAMES.length} aux_* columns are independent of the outcome. Selecting features on the full training data finds some "useful" by chance (${strongestNoise} most of all). Probed by noise twins: every aux_* value redrawn at once.`,
      columns: [...NOISE_NAMES],
      howToAvoid: 'Do feature selection inside cross-validation folds, or drop undocumented columns with no plausible link to the outcome.',
      probe: 'twin',
      otherProbes: ['report'],
      reportKeywords: ['aux_', 'noise', 'feature selection', 'undocumented'],
    },
    {
      id: 9,
      name: 'mixed null markers',
      description: 'Missing values appear as "", NA, N/A, null, ? and -999 (numeric columns); -999 is a sentinel, not a value.',
      columns: COLUMNS.filter((c) => c.nullTokens).map((c) => c.name),
      howToAvoid: 'Map every marker to one missing value before modelling (and add missing indicators if useful).',
      probe: 'twin',
      otherProbes: ['report'],
      reportKeywords: ['-999', 'missing', 'null', 'sentinel', 'n/a'],
    },
    {
      id: 10,
      name: 'category spellings and an unseen category',
      description: 'Categories are typed with case, plural and whitespace variants ("Pallet", "pallet ", "PALLETS"); test has a packaging type (Tote) that training never saw.',
      columns: COLUMNS.filter((c) => c.twinKind === 'spelling').map((c) => c.name),
      howToAvoid: 'Normalise case, whitespace and plurals; encode with an explicit unknown level (handle_unknown).',
      probe: 'twin',
      otherProbes: ['report'],
      reportKeywords: ['spelling', 'case', 'whitespace', 'unseen', 'tote', 'normalis', 'normaliz'],
    },
    {
      id: 11,
      name: 'mixed formats',
      description:
        'Amounts as 1234.50, $1,234.50, USD 1234.50 and 1.2k; dates in four forms (one month-first); booleans as Y/N, 1/0, true/false, yes/no; weights in kg and lb with the unit in a column or as a suffix.',
      columns: [...COLUMNS.filter((c) => c.twinKind === 'format').map((c) => c.name), 'weight', 'weight_unit'],
      howToAvoid: 'Parse every form to one number/date/boolean/unit; derive claim_amount / declared_value and days from shipment to claim.',
      probe: 'twin',
      otherProbes: ['score', 'report'],
      reportKeywords: ['format', 'parse', 'lb', 'date', 'currency symbol', '1.2k'],
    },
    {
      id: 12,
      name: 'near-constant and empty-in-test columns',
      description: `currency is USD on almost every row; legacy_risk_code is informative in training but empty on every scored test row (the legacy system was retired). Probed by retired-column twins: the code filled in as ${RETIRED_TWIN_CODE} on a few unscored rows.`,
      columns: ['currency', 'legacy_risk_code'],
      howToAvoid: 'Drop near-constant columns and columns that are missing at prediction time.',
      probe: 'twin',
      otherProbes: ['report'],
      reportKeywords: ['legacy_risk_code', 'currency', 'constant', 'empty in test', 'retired'],
    },
  ];
}

export function buildCatalog(world: World, measured: Measured, strongestNoise: string): TrapEntry[] {
  return texts(world, strongestNoise).map((t) => ({ ...t, measured: measured[t.id] ?? {} }));
}

/** Leak columns a grader correlates test predictions with, and the trap each belongs to. */
export interface LeakColumn {
  column: string;
  trap: number;
  /**
   * Its test-time value is computed from training-period labels (a route's or a hub's training fraud
   * rate): an honest model that learned the routes or hubs from those same labels shares their
   * sampling noise, so its predictions track the column somewhat beyond the true risk.
   */
  fromTrainingLabels?: boolean;
}

export const LEAK_COLUMNS: readonly LeakColumn[] = [
  { column: 'investigation_calls', trap: 1 },
  { column: 'route_fraud_rate', trap: 2, fromTrainingLabels: true },
  { column: 'claim_id', trap: 3 },
  { column: 'hub_fraud_rate_14d', trap: 5, fromTrainingLabels: true },
];
