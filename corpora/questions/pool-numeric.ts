import type { Currency } from '../facts/kinds';
import { BAND_LIMITS } from '../facts/defs-rates';
import { groupNumber } from '../facts/words';
import { addDays, computedDate, computedMoney, computedQuantity, fmtMoney, num, roundCents } from './computed';
import { REGION_NAMES, type Facts, type QuestionTemplate, type RegionKey } from './template';

const CUR: Record<RegionKey, Currency> = { us: 'USD', eu: 'EUR', apac: 'SGD' };
const UNIT: Record<RegionKey, string> = { us: 'lb', eu: 'kg', apac: 'kg' };

function band(region: RegionKey, weight: number): number {
  const i = BAND_LIMITS[region].findIndex(([lo, hi]) => weight >= lo && weight <= hi);
  if (i < 0) throw new Error(`weight ${weight} is outside the ${region} bands`);
  return i + 1;
}

function linehaul(f: Facts, region: RegionKey, zone: number, weight: number): { amount: number; rate: number; min: number; usedMin: boolean } {
  const rate = num(f, `rate_z${zone}_b${band(region, weight)}_${region}`);
  const min = num(f, `min_charge_${region}`);
  const raw = roundCents((weight / 100) * rate);
  return { amount: Math.max(raw, min), rate, min, usedMin: raw < min };
}

const LINEHAUL_CASES: [RegionKey, number, number][] = [
  ['us', 1, 350], ['us', 2, 750], ['us', 3, 1200], ['us', 4, 2600], ['us', 5, 6400], ['us', 3, 180],
  ['eu', 2, 320], ['eu', 4, 1200], ['eu', 1, 90], ['apac', 3, 400], ['apac', 5, 3000], ['apac', 2, 150],
];

function linehaulQuestions(): QuestionTemplate[] {
  return LINEHAUL_CASES.map(([r, z, w]) => ({
    family: `calc-linehaul-${r}-z${z}-${w}${UNIT[r]}`,
    category: 'numeric-reasoning',
    variants: [
      `What is the linehaul charge (before fuel and accessorials) for a ${groupNumber(w)} ${UNIT[r]} LTL shipment on a zone ${z} lane in the ${REGION_NAMES[r]} network?`,
      `Using the published ${REGION_NAMES[r]} base rates, how much linehaul would a zone ${z} shipment with a billable weight of ${groupNumber(w)} ${UNIT[r]} cost?`,
    ],
    answer: (f) => {
      const l = linehaul(f, r, z, w);
      return l.usedMin
        ? `${w} ${UNIT[r]} × ${fmtMoney(l.rate, CUR[r])} per 100 ${UNIT[r]} is below the minimum charge, so the minimum of ${fmtMoney(l.min, CUR[r])} applies.`
        : `${w} ÷ 100 × ${fmtMoney(l.rate, CUR[r])} = ${fmtMoney(l.amount, CUR[r])} (above the ${fmtMoney(l.min, CUR[r])} minimum).`;
    },
    computed: (f) => [computedMoney(`linehaul-${r}-z${z}-${w}`, linehaul(f, r, z, w).amount, CUR[r])],
    docs: [`ltl-base-rates-${r}`, 'how-rates-are-calculated'],
  }));
}

const FUEL_CASES: [RegionKey, number, number][] = [['us', 3, 1200], ['us', 2, 750], ['eu', 4, 1200], ['apac', 3, 400]];

function fuelQuestions(): QuestionTemplate[] {
  return FUEL_CASES.map(([r, z, w]) => {
    const total = (f: Facts) => roundCents(linehaul(f, r, z, w).amount * (1 + num(f, 'fuel_surcharge_pct') / 100));
    return {
      family: `calc-linehaul-fuel-${r}-z${z}-${w}${UNIT[r]}`,
      category: 'numeric-reasoning' as const,
      variants: [`What would a ${groupNumber(w)} ${UNIT[r]} zone ${z} shipment in the ${REGION_NAMES[r]} network cost in linehaul plus the current fuel surcharge, with no accessorials?`],
      answer: (f: Facts) => `Linehaul ${fmtMoney(linehaul(f, r, z, w).amount, CUR[r])} plus ${f.fuel_surcharge_pct?.value} fuel surcharge = ${fmtMoney(total(f), CUR[r])}.`,
      computed: (f: Facts) => [computedMoney(`linehaul-fuel-${r}-z${z}-${w}`, total(f), CUR[r])],
      docs: [`ltl-base-rates-${r}`, 'fuel-surcharge', 'how-rates-are-calculated'],
    };
  });
}

function simple(family: string, variants: string[], docs: string[], cur: Currency, compute: (f: Facts) => number, explain: (f: Facts, total: string) => string): QuestionTemplate {
  return {
    family,
    category: 'numeric-reasoning',
    variants,
    answer: (f) => explain(f, fmtMoney(compute(f), cur)),
    computed: (f) => [computedMoney(family, compute(f), cur)],
    docs,
  };
}

const v = (f: Facts, n: string) => f[n]?.value as string;

function detention(minutes: number) {
  return (f: Facts) => {
    const excess = Math.max(0, minutes - num(f, 'detention_free_minutes'));
    return roundCents((Math.ceil(excess / 15) * 15 / 60) * num(f, 'detention_per_hour'));
  };
}

function claimDeadline(r: RegionKey): QuestionTemplate {
  const delivered = '2025-03-03';
  const due = (f: Facts) => addDays(delivered, num(f, `claim_window_days_${r}`));
  return {
    family: `calc-claim-deadline-${r}`,
    category: 'numeric-reasoning',
    variants: [`A shipment in the ${REGION_NAMES[r]} network was delivered damaged on March 3, 2025. What is the last day to file the claim?`],
    answer: (f) => `The ${REGION_NAMES[r]} claim window is ${v(f, `claim_window_days_${r}`)} from delivery, so the deadline is ${computedDate('x', due(f)).value}.`,
    computed: (f) => [computedDate(`claim-deadline-${r}`, due(f))],
    docs: [`filing-a-claim-${r}`],
  };
}

function lateFee(r: RegionKey): QuestionTemplate {
  return simple(`calc-late-fee-${r}`, [`An invoice of ${fmtMoney(2000, CUR[r])} in the ${REGION_NAMES[r]} network is paid one month late. How much late payment charge is added?`],
    [`payment-terms-${r}`], CUR[r], (f) => 2000 * num(f, `late_fee_pct_${r}`) / 100,
    (f, t) => `${v(f, `late_fee_pct_${r}`)} of ${fmtMoney(2000, CUR[r])} = ${t}.`);
}

function accessorialSum(r: RegionKey): QuestionTemplate {
  return simple(`calc-residential-liftgate-${r}`, [`A delivery to a private home in the ${REGION_NAMES[r]} network needs a liftgate. What do the residential and liftgate accessorials add together?`],
    [`accessorial-charges-${r}`, 'residential-deliveries'], CUR[r], (f) => num(f, `residential_fee_${r}`) + num(f, `liftgate_fee_${r}`),
    (f, t) => `Residential ${v(f, `residential_fee_${r}`)} + liftgate ${v(f, `liftgate_fee_${r}`)} = ${t}.`);
}

function dim(family: string, l: number, w: number, h: number): QuestionTemplate {
  const weight = (f: Facts) => Math.ceil((l * w * h) / num(f, 'dim_divisor'));
  return {
    family,
    category: 'numeric-reasoning',
    variants: [`What is the DIM weight of a stackable pallet measuring ${l} × ${w} × ${h} inches?`, `Using the current DIM divisor, how many pounds of DIM weight does a ${l}" × ${w}" × ${h}" pallet have?`],
    answer: (f) => `${l} × ${w} × ${h} = ${(l * w * h).toLocaleString('en-US')} cubic inches ÷ ${v(f, 'dim_divisor')} = ${weight(f)} lb (rounded up).`,
    computed: (f) => [computedQuantity(family, weight(f), 'lb', ['lbs', 'pounds'], 1)],
    docs: ['density-and-dim-weight'],
  };
}

function ftl(family: string, key: string, label: string, miles: number, stops: number): QuestionTemplate {
  const total = (f: Facts) => Math.max(num(f, 'ftl_min_charge'), roundCents(miles * num(f, `ftl_rate_${key}`))) + stops * num(f, 'ftl_stop_off_fee');
  const stopText = stops > 0 ? ` with ${stops} extra stop${stops > 1 ? 's' : ''}` : '';
  return simple(family, [`At published rates, what does a ${miles}-mile full truckload in a ${label}${stopText} cost?`], ['ftl-rates'], 'USD', total,
    (f, t) => `${miles} miles × ${v(f, `ftl_rate_${key}`)} (minimum ${v(f, 'ftl_min_charge')})${stops ? ` + ${stops} × ${v(f, 'ftl_stop_off_fee')}` : ''} = ${t}.`);
}

export const numericQuestions: QuestionTemplate[] = [
  ...linehaulQuestions(),
  ...fuelQuestions(),
  ...(['us', 'eu', 'apac'] as RegionKey[]).flatMap((r) => [accessorialSum(r), lateFee(r), claimDeadline(r)]),
  simple('calc-detention-3h', ['A driver was held for 3 hours at an LTL delivery stop. What detention is billed?'], ['detention-and-waiting-time'], 'USD', detention(180),
    (f, t) => `180 minutes minus ${v(f, 'detention_free_minutes')} free time, billed in 15-minute increments at ${v(f, 'detention_per_hour')} per hour = ${t}.`),
  simple('calc-detention-150m', ['A driver waited two and a half hours at a pickup. How much detention will be charged?'], ['detention-and-waiting-time'], 'USD', detention(150),
    (f, t) => `150 minutes minus ${v(f, 'detention_free_minutes')} free time, in 15-minute increments at ${v(f, 'detention_per_hour')} per hour = ${t}.`),
  simple('calc-storage-3x4', ['Three pallets sit at a US terminal for 4 days beyond the free storage period. What is the storage charge?'], ['storage-charges'], 'USD', (f) => 12 * num(f, 'storage_per_pallet_day'),
    (f, t) => `3 pallets × 4 days × ${v(f, 'storage_per_pallet_day')} = ${t}.`),
  simple('calc-storage-5x2', ['What storage do five pallets pay for 2 days after free storage ends at a US terminal?'], ['storage-charges'], 'USD', (f) => 10 * num(f, 'storage_per_pallet_day'),
    (f, t) => `5 pallets × 2 days × ${v(f, 'storage_per_pallet_day')} = ${t}.`),
  simple('calc-sla-credit-2day', ['A guaranteed shipment with a linehaul charge of $1,250.00 arrived 2 business days late for a covered reason. What service credit is due (ignoring the monthly cap)?'], ['service-level-agreement'], 'USD', (f) => 1250 * num(f, 'sla_credit_2day_pct') / 100,
    (f, t) => `${v(f, 'sla_credit_2day_pct')} of $1,250.00 = ${t}.`),
  simple('calc-sla-credit-1day', ['What service credit do I get on a covered shipment with $800.00 linehaul delivered one business day late (ignore the monthly cap)?'], ['service-level-agreement'], 'USD', (f) => 800 * num(f, 'sla_credit_1day_pct') / 100,
    (f, t) => `${v(f, 'sla_credit_1day_pct')} of $800.00 = ${t}.`),
  simple('calc-sla-credit-5day', ['A covered shipment with $2,000.00 linehaul was 5 business days late. What is the service credit, ignoring the monthly cap?'], ['service-level-agreement'], 'USD', (f) => 2000 * num(f, 'sla_credit_4day_pct') / 100,
    (f, t) => `${v(f, 'sla_credit_4day_pct')} of $2,000.00 = ${t}.`),
  simple('calc-liability-new', ['A 400 lb pallet of new goods worth $20,000 was destroyed on a US shipment without declared value. How much will Quillfeather pay at most?'], ['liability-limits'], 'USD',
    (f) => Math.min(20000, 400 * num(f, 'liability_per_lb_new'), num(f, 'liability_max_shipment')),
    (f, t) => `The lower of $20,000 and 400 lb × ${v(f, 'liability_per_lb_new')} per lb: ${t}.`),
  simple('calc-liability-used', ['A used machine weighing 300 lb and worth $5,000 is lost. What is the most Quillfeather pays without declared value?'], ['liability-limits'], 'USD',
    (f) => Math.min(5000, 300 * num(f, 'liability_per_lb_used')),
    (f, t) => `The lower of $5,000 and 300 lb × ${v(f, 'liability_per_lb_used')} per lb: ${t}.`),
  simple('calc-excess-value-premium', ['I ship 500 lb of new goods worth $30,000 and declare the full value. What is the excess-value coverage premium?'], ['declared-value-coverage', 'liability-limits'], 'USD',
    (f) => Math.ceil(Math.max(0, 30000 - 500 * num(f, 'liability_per_lb_new')) / 100) * num(f, 'excess_value_rate'),
    (f, t) => `Standard liability is 500 × ${v(f, 'liability_per_lb_new')}; the premium is ${v(f, 'excess_value_rate')} per $100 (or part) of the rest of the $30,000: ${t}.`),
  {
    family: 'calc-dispute-deadline',
    category: 'numeric-reasoning',
    variants: ['An invoice is dated June 2, 2025. What is the last day to dispute it?'],
    answer: (f) => `The dispute window is ${v(f, 'invoice_dispute_days')} from the invoice date, so the last day is ${computedDate('x', addDays('2025-06-02', num(f, 'invoice_dispute_days'))).value}.`,
    computed: (f) => [computedDate('dispute-deadline', addDays('2025-06-02', num(f, 'invoice_dispute_days')))],
    docs: ['invoice-disputes'],
  },
  dim('calc-dim-48x40x60', 48, 40, 60),
  dim('calc-dim-48x48x72', 48, 48, 72),
  ftl('calc-ftl-dry-van-420', 'dry_van', '53-foot dry van', 420, 0),
  ftl('calc-ftl-reefer-150', 'reefer', 'refrigerated trailer', 150, 0),
  ftl('calc-ftl-flatbed-600-stop', 'flatbed', 'flatbed', 600, 1),
  simple('calc-card-surcharge', ['If I pay a $1,500.00 invoice by credit card, how much card surcharge is added?'], ['payment-methods'], 'USD', (f) => 1500 * num(f, 'card_surcharge_pct') / 100,
    (f, t) => `${v(f, 'card_surcharge_pct')} of $1,500.00 = ${t}.`),
  simple('calc-guaranteed-premium', ['What does Guaranteed standard add to a shipment with an $800.00 linehaul charge?'], ['guaranteed-service'], 'USD', (f) => 800 * num(f, 'guaranteed_surcharge_pct') / 100,
    (f, t) => `${v(f, 'guaranteed_surcharge_pct')} of $800.00 = ${t}.`),
  simple('calc-guaranteed-noon-premium', ['How much is the Guaranteed by noon premium on a $1,000.00 linehaul charge?'], ['guaranteed-service'], 'USD', (f) => 1000 * num(f, 'guaranteed_am_surcharge_pct') / 100,
    (f, t) => `${v(f, 'guaranteed_am_surcharge_pct')} of $1,000.00 = ${t}.`),
  simple('calc-peak-plus-fuel', ['During peak season, what do the fuel and peak surcharges add together to a $1,000.00 linehaul charge?'], ['peak-season-surcharge', 'fuel-surcharge'], 'USD',
    (f) => 1000 * (num(f, 'fuel_surcharge_pct') + num(f, 'peak_surcharge_pct')) / 100,
    (f, t) => `Fuel ${v(f, 'fuel_surcharge_pct')} + peak ${v(f, 'peak_surcharge_pct')} of $1,000.00 = ${t}.`),
  simple('calc-overlength-liftgate', ['An 18-foot bundle of pipe is delivered in the US with a liftgate. What do the overlength and liftgate charges add up to?'], ['overlength-freight', 'accessorial-charges-us'], 'USD',
    (f) => num(f, 'overlength_fee_t2') + num(f, 'liftgate_fee_us'),
    (f, t) => `Overlength (15–20 ft) ${v(f, 'overlength_fee_t2')} + US liftgate ${v(f, 'liftgate_fee_us')} = ${t}.`),
  simple('calc-brokerage-three-entries-eu', ['Three EU import entries are filed by Quillfeather. What are the brokerage fees in total?'], ['customs-brokerage-fees-eu'], 'EUR', (f) => 3 * num(f, 'brokerage_fee_eu'),
    (f, t) => `3 × ${v(f, 'brokerage_fee_eu')} = ${t}.`),
  simple('calc-pallet-exchange-6', ['A delivery with pallet exchange swaps six pallets. What is the pallet exchange charge?'], ['pallet-exchange-program'], 'USD', (f) => 6 * num(f, 'pallet_exchange_fee'),
    (f, t) => `6 × ${v(f, 'pallet_exchange_fee')} = ${t}.`),
];
